// Client overhead: N status() calls through the client against the same requests made with bare
// fetch (+ JSON parse + envelope check), both against one emulator in its own process.
import { createApixo } from "@apixo-ts/client";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { round } from "../lib/stats.mjs";

const API_KEY = "bench-key";

export async function benchOverhead({ calls = 5000, rounds = 6, warmUp = 2000 } = {}) {
  const emulator = await startEmulatorProcess({ timeScale: 0.001, seed: 1 });
  try {
    const apixo = createApixo({ apiKey: API_KEY, baseUrl: emulator.url });
    const handle = await apixo.submit("nano-banana", { mode: "text-to-image", prompt: "overhead" });
    await apixo.wait(handle, { poll: { initialDelayMs: 20, intervalMs: 20 } });
    const url = `${emulator.url}/api/v1/statusTask/${handle.model}?taskId=${encodeURIComponent(handle.taskId)}`;
    const headers = { authorization: `Bearer ${API_KEY}` };
    const bare = async () => {
      const response = await fetch(url, { headers });
      const body = await response.json();
      if (!response.ok || body.code !== 200) throw new Error(`status ${response.status}`);
      return body.data;
    };
    const viaClient = () => apixo.status(handle);
    const timeMany = async (call, count) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) await call();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // Warm-up: JIT of both paths, the emulator's and undici's keep-alive pools. Measured here,
    // the first timed round was about twice as slow for whichever side ran first until both
    // sides had made ~2,000 calls.
    await timeMany(bare, warmUp);
    await timeMany(viaClient, warmUp);
    // Alternate in rounds, and the order within a round, so drift on a shared machine and any
    // leftover warm-up hit both sides alike.
    let clientMs = 0;
    let fetchMs = 0;
    const perRound = Math.ceil(calls / rounds);
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        clientMs += await timeMany(viaClient, perRound);
        fetchMs += await timeMany(bare, perRound);
      } else {
        fetchMs += await timeMany(bare, perRound);
        clientMs += await timeMany(viaClient, perRound);
      }
    }
    const total = perRound * rounds;
    return {
      calls: total,
      clientMs: round(clientMs),
      fetchMs: round(fetchMs),
      clientPerCallMs: round(clientMs / total, 3),
      fetchPerCallMs: round(fetchMs / total, 3),
      ratio: round(clientMs / fetchMs, 3),
    };
  } finally {
    await emulator.close();
  }
}
