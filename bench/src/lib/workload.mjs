// A realistic mix of models for the waiting benchmark: mostly fast images, some slow images,
// videos and music, with a valid minimal input for each (from the API notes §5).
export const MIX = [
  { model: "nano-banana", share: 0.35, input: { mode: "text-to-image", prompt: "p" } },
  { model: "flux-2", share: 0.1, input: { mode: "pro-text-to-image", prompt: "ppp" } },
  { model: "gpt-image-1", share: 0.1, input: { mode: "gpt-image-1", prompt: "p" } },
  {
    model: "seedream-4-5",
    share: 0.1,
    input: { mode: "text-to-image", prompt: "p", max_images: 1 },
  },
  { model: "midjourney", share: 0.1, input: { mode: "text-to-image", prompt: "p" } },
  {
    model: "sora-2",
    share: 0.1,
    input: { mode: "text-to-video", prompt: "p" },
    provider: "official",
  },
  { model: "kling-2-6", share: 0.1, input: { mode: "text-to-video", prompt: "p", sound: false } },
  {
    model: "suno",
    share: 0.05,
    input: { mode: "V5", prompt: "p", customMode: false, instrumental: true },
  },
];

/** `count` items spread over the mix, each with a unique prompt (the emulator flags identical bodies). */
export function workload(count, tag) {
  const items = [];
  for (const entry of MIX) {
    const n = Math.round(entry.share * count);
    for (let i = 0; i < n && items.length < count; i++) {
      items.push({
        model: entry.model,
        provider: entry.provider,
        input: { ...entry.input, prompt: `${tag} ${entry.model} #${i} ${entry.input.prompt}` },
      });
    }
  }
  while (items.length < count)
    items.push({
      ...items[0],
      input: { ...items[0].input, prompt: `${tag} extra #${items.length}` },
    });
  return items;
}
