import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { contract, getModel, models } from "../dist/index.js";
import { createAjv, selfContained } from "./helpers.js";

type Input = Record<string, unknown>;
const IMAGE = "https://example.com/a.png";

/** One minimal valid input per model and mode: only the required fields. */
const MINIMAL: Record<string, Input[]> = {
  "nano-banana": [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
  ],
  "nano-banana-2": [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
  ],
  "nano-banana-pro": [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
  ],
  "gpt-image-1": [{ mode: "gpt-image-1", prompt: "p" }],
  "gpt-image-2": [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
  ],
  "flux-2": [
    { mode: "pro-text-to-image", prompt: "ppp" },
    { mode: "pro-image-to-image", prompt: "ppp", image_urls: [IMAGE] },
    { mode: "flex-text-to-image", prompt: "ppp" },
    { mode: "flex-image-to-image", prompt: "ppp", image_urls: [IMAGE] },
  ],
  "flux-kontext": [
    { mode: "pro", prompt: "p" },
    { mode: "max", prompt: "p" },
  ],
  midjourney: [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
    { mode: "image-edit", prompt: "p", image_urls: [IMAGE] },
    { mode: "vary", taskId: "t1", imageIndex: 0 },
    { mode: "upscale", taskId: "t1", imageIndex: 3 },
    { mode: "reroll", taskId: "t1" },
    { mode: "enhance", taskId: "t1", imageIndex: 2 },
  ],
  "seedream-4-5": [
    { mode: "text-to-image", prompt: "p", max_images: 1 },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE], max_images: 10 },
  ],
  "grok-image": [
    { mode: "text-to-image", prompt: "p" },
    { mode: "image-to-image", prompt: "p", image_urls: [IMAGE] },
  ],
  "sora-2": [
    { mode: "text-to-video", prompt: "p" },
    { mode: "image-to-video", prompt: "p", image_urls: [IMAGE] },
  ],
  "sora-2-pro": [
    { mode: "text-to-video", prompt: "p" },
    { mode: "image-to-video", prompt: "p", image_urls: [IMAGE] },
  ],
  "veo-3-1": [
    { mode: "quality", prompt: "p" },
    { mode: "fast", prompt: "p" },
  ],
  "seedance-2-0": [
    { mode: "text-to-video", prompt: "p" },
    { mode: "first_and_last_frames", prompt: "p", image_urls: [IMAGE] },
    { mode: "omni_reference", prompt: "p" },
  ],
  "seedance-2-0-fast": [
    { mode: "text-to-video", prompt: "p" },
    { mode: "first_and_last_frames", prompt: "p", image_urls: [IMAGE] },
    { mode: "omni_reference", prompt: "p" },
  ],
  "kling-2-6": [
    { mode: "text-to-video", prompt: "p", sound: false },
    { mode: "image-to-video", prompt: "p", image_urls: [IMAGE], sound: true },
  ],
  "hailuo-2-3": [
    { mode: "standard-text-to-video", prompt: "p" },
    { mode: "standard-image-to-video", prompt: "p", image_urls: [IMAGE] },
    { mode: "pro-text-to-video", prompt: "p" },
    { mode: "pro-image-to-video", prompt: "p", image_urls: [IMAGE] },
  ],
  "wan-2-6-video": [
    { mode: "text-to-video", prompt: "p" },
    { mode: "image-to-video", prompt: "p", image_urls: [IMAGE] },
    { mode: "image-to-video-flash", prompt: "p", image_urls: [IMAGE] },
    { mode: "reference-to-video", prompt: "p", image_urls: [IMAGE] },
    { mode: "reference-to-video-flash", prompt: "p", image_urls: [IMAGE] },
  ],
  suno: [
    { mode: "V5", customMode: false, instrumental: false, prompt: "p" },
    { mode: "V4", customMode: true, instrumental: true, style: "s", title: "t" },
  ],
};

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>(
  models.map((model) => [model.id, ajv.compile(model.inputSchema)]),
);

function check(id: string, input: Input): boolean {
  const validate = validators.get(id);
  if (validate === undefined) throw new Error(`no validator for ${id}`);
  return validate(input);
}

/** The schema of the branch that `input.mode` selects (or the whole schema). */
function branchOf(id: string, input: Input): Record<string, unknown> {
  const schema = getModel(id)?.inputSchema as { oneOf?: Record<string, unknown>[] };
  const branch = schema.oneOf?.find(
    (candidate) =>
      (candidate.properties as Record<string, { const?: unknown }>).mode.const === input.mode,
  );
  return branch ?? (schema as Record<string, unknown>);
}

const cases = Object.entries(MINIMAL).flatMap(([id, inputs]) =>
  inputs.map((input) => [`${id} ${String(input.mode)}`, id, input] as const),
);

describe("model input schemas", () => {
  it("have a minimal input for every mode of every model", () => {
    expect(Object.keys(MINIMAL)).toEqual(models.map((model) => model.id));
    for (const model of models) {
      expect(MINIMAL[model.id].map((input) => input.mode)).toEqual(
        expect.arrayContaining(
          model.modes.filter((mode) => model.id !== "suno" || mode === "V5" || mode === "V4"),
        ),
      );
    }
  });

  it.each(cases)("%s: a minimal input passes", (_name, id, input) => {
    expect(check(id, input), JSON.stringify(validators.get(id)?.errors)).toBe(true);
  });

  it.each(cases)("%s: each missing required field fails", (_name, id, input) => {
    const required = branchOf(id, input).required as string[];
    expect(required.length).toBeGreaterThan(0);
    for (const field of required) {
      const { [field]: _removed, ...rest } = input;
      expect(check(id, rest), `without ${field}`).toBe(false);
    }
  });

  it.each(cases)("%s: a wrong enum (or const) value fails", (_name, id, input) => {
    const properties = branchOf(id, input).properties as Record<
      string,
      { enum?: unknown[]; const?: unknown }
    >;
    const enumFields = Object.entries(properties).filter(
      ([field, schema]) =>
        schema.enum !== undefined || (field !== "mode" && schema.const !== undefined),
    );
    expect(enumFields.length, "the model has at least one enum field").toBeGreaterThan(0);
    for (const [field] of enumFields) {
      expect(check(id, { ...input, [field]: "not-a-valid-value" }), field).toBe(false);
    }
  });

  it.each(cases)("%s: an unknown field (typo) fails", (_name, id, input) => {
    expect(check(id, { ...input, promt: "typo" })).toBe(false);
  });

  it.each(models.map((model) => [model.id] as const))("%s: an unknown mode fails", (id) => {
    expect(check(id, { ...MINIMAL[id][0], mode: "no-such-mode" })).toBe(false);
  });
});

describe("per-model rules", () => {
  const rules: [string, string, Input, boolean][] = [
    [
      "nano-banana: prompt over 5000 characters",
      "nano-banana",
      { mode: "text-to-image", prompt: "x".repeat(5001) },
      false,
    ],
    [
      "nano-banana: 6 images",
      "nano-banana",
      { mode: "image-to-image", prompt: "p", image_urls: Array(6).fill(IMAGE) },
      false,
    ],
    [
      "nano-banana: image_urls in text-to-image",
      "nano-banana",
      { mode: "text-to-image", prompt: "p", image_urls: [IMAGE] },
      false,
    ],
    [
      "nano-banana: not a URL",
      "nano-banana",
      { mode: "image-to-image", prompt: "p", image_urls: ["not a url"] },
      false,
    ],
    [
      "nano-banana-2: 8:1",
      "nano-banana-2",
      { mode: "text-to-image", prompt: "p", aspect_ratio: "8:1" },
      true,
    ],
    [
      "flux-2: prompt of 2 characters",
      "flux-2",
      { mode: "pro-text-to-image", prompt: "pp" },
      false,
    ],
    [
      "flux-kontext: two images",
      "flux-kontext",
      { mode: "pro", prompt: "p", image_urls: [IMAGE, IMAGE] },
      false,
    ],
    [
      "seedream: 11 images",
      "seedream-4-5",
      { mode: "text-to-image", prompt: "p", max_images: 11 },
      false,
    ],
    ["midjourney: vary without imageIndex", "midjourney", { mode: "vary", taskId: "t1" }, false],
    [
      "midjourney: imageIndex 4",
      "midjourney",
      { mode: "upscale", taskId: "t1", imageIndex: 4 },
      false,
    ],
    [
      "midjourney: reroll takes no imageIndex",
      "midjourney",
      { mode: "reroll", taskId: "t1", imageIndex: 0 },
      false,
    ],
    [
      "midjourney: stylization 1001",
      "midjourney",
      { mode: "text-to-image", prompt: "p", stylization: 1001 },
      false,
    ],
    [
      "grok-image: two images",
      "grok-image",
      { mode: "image-to-image", prompt: "p", image_urls: [IMAGE, IMAGE] },
      false,
    ],
    ["sora-2: duration 5", "sora-2", { mode: "text-to-video", prompt: "p", duration: 5 }, false],
    [
      "sora-2-pro: size in image-to-video",
      "sora-2-pro",
      { mode: "image-to-video", prompt: "p", image_urls: [IMAGE], size: "720*1280" },
      false,
    ],
    [
      "veo: frames with 2 images",
      "veo-3-1",
      {
        mode: "quality",
        generationType: "FIRST_AND_LAST_FRAMES_2_VIDEO",
        prompt: "p",
        image_urls: [IMAGE, IMAGE],
      },
      true,
    ],
    [
      "veo: frames without images",
      "veo-3-1",
      { mode: "quality", generationType: "FIRST_AND_LAST_FRAMES_2_VIDEO", prompt: "p" },
      false,
    ],
    [
      "veo: frames with 3 images",
      "veo-3-1",
      {
        mode: "fast",
        generationType: "FIRST_AND_LAST_FRAMES_2_VIDEO",
        prompt: "p",
        image_urls: [IMAGE, IMAGE, IMAGE],
      },
      false,
    ],
    [
      "veo: reference in quality mode",
      "veo-3-1",
      {
        mode: "quality",
        generationType: "REFERENCE_2_VIDEO",
        prompt: "p",
        image_urls: [IMAGE],
        aspect_ratio: "16:9",
      },
      false,
    ],
    [
      "veo: reference in fast mode, 16:9",
      "veo-3-1",
      {
        mode: "fast",
        generationType: "REFERENCE_2_VIDEO",
        prompt: "p",
        image_urls: [IMAGE, IMAGE, IMAGE],
        aspect_ratio: "16:9",
      },
      true,
    ],
    [
      "veo: reference in 9:16",
      "veo-3-1",
      {
        mode: "fast",
        generationType: "REFERENCE_2_VIDEO",
        prompt: "p",
        image_urls: [IMAGE],
        aspect_ratio: "9:16",
      },
      false,
    ],
    ["veo: text with images", "veo-3-1", { mode: "fast", prompt: "p", image_urls: [IMAGE] }, false],
    [
      "seedance: duration 16",
      "seedance-2-0",
      { mode: "text-to-video", prompt: "p", duration: 16 },
      false,
    ],
    [
      "seedance-fast: 1080p",
      "seedance-2-0-fast",
      { mode: "text-to-video", prompt: "p", resolution: "1080p" },
      false,
    ],
    [
      "seedance: 4 reference videos",
      "seedance-2-0",
      { mode: "omni_reference", prompt: "p", video_urls: Array(4).fill(IMAGE) },
      false,
    ],
    ["kling: without sound", "kling-2-6", { mode: "text-to-video", prompt: "p" }, false],
    [
      "kling: aspect_ratio in image-to-video",
      "kling-2-6",
      {
        mode: "image-to-video",
        prompt: "p",
        image_urls: [IMAGE],
        sound: true,
        aspect_ratio: "1:1",
      },
      false,
    ],
    [
      "hailuo: pro with duration 10",
      "hailuo-2-3",
      { mode: "pro-text-to-video", prompt: "p", duration: 10 },
      false,
    ],
    [
      "hailuo: standard with duration 10",
      "hailuo-2-3",
      { mode: "standard-text-to-video", prompt: "p", duration: 10 },
      true,
    ],
    [
      "wan: negative_prompt over 500",
      "wan-2-6-video",
      { mode: "text-to-video", prompt: "p", negative_prompt: "x".repeat(501) },
      false,
    ],
    [
      "wan: size preset",
      "wan-2-6-video",
      { mode: "text-to-video", prompt: "p", size: "1920*1080" },
      true,
    ],
    ["wan: bad size", "wan-2-6-video", { mode: "text-to-video", prompt: "p", size: "big" }, false],
    [
      "suno: simple mode without prompt",
      "suno",
      { mode: "V5", customMode: false, instrumental: false },
      false,
    ],
    [
      "suno: simple prompt over 500",
      "suno",
      { mode: "V5", customMode: false, instrumental: false, prompt: "x".repeat(501) },
      false,
    ],
    [
      "suno: custom lyrics of 5000",
      "suno",
      {
        mode: "V5",
        customMode: true,
        instrumental: false,
        prompt: "x".repeat(5000),
        style: "s",
        title: "t",
      },
      true,
    ],
    [
      "suno: custom without title",
      "suno",
      { mode: "V5", customMode: true, instrumental: true, style: "s" },
      false,
    ],
    [
      "suno: custom vocals without lyrics",
      "suno",
      { mode: "V5", customMode: true, instrumental: false, style: "s", title: "t" },
      false,
    ],
    [
      "suno: title over 80",
      "suno",
      { mode: "V5", customMode: true, instrumental: true, style: "s", title: "x".repeat(81) },
      false,
    ],
  ];
  it.each(rules)("%s", (_name, id, input, expected) => {
    expect(check(id, input), JSON.stringify(validators.get(id)?.errors)).toBe(expected);
  });
});

describe("submit bodies", () => {
  const document = contract as Record<string, unknown>;
  const paths = document.paths as Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: unknown }> } } }
  >;
  function body(path: string): ValidateFunction {
    return createAjv().compile(
      selfContained(paths[path].post.requestBody.content["application/json"].schema, document),
    );
  }
  const input = { mode: "text-to-image", prompt: "p" };

  it("default to async and need callback_url only for callbacks", () => {
    const validate = body("/api/v1/generateTask/nano-banana");
    expect(validate({ input })).toBe(true);
    expect(validate({ request_type: "async", input })).toBe(true);
    expect(validate({ request_type: "callback", input })).toBe(false);
    expect(
      validate({ request_type: "callback", callback_url: "https://x.example/hook", input }),
    ).toBe(true);
    expect(validate({ request_type: "sometimes", input })).toBe(false);
    expect(validate({ provider: "value", input })).toBe(true);
    expect(validate({ provider: "cheapest", input })).toBe(false);
    expect(validate({ request_type: "async" })).toBe(false);
  });

  it("restrict sora-2 to the official provider", () => {
    const validate = body("/api/v1/generateTask/sora-2");
    const soraInput = { mode: "text-to-video", prompt: "p" };
    expect(validate({ provider: "official", input: soraInput })).toBe(true);
    expect(validate({ provider: "auto", input: soraInput })).toBe(false);
  });

  it("accept any input object on the generic path", () => {
    const validate = body("/api/v1/generateTask/{model}");
    expect(validate({ input: { anything: [1, 2, 3] } })).toBe(true);
    expect(validate({ input: "text" })).toBe(false);
  });
});
