import type { EmulatorOptions } from "../src/index.js";
import { createEmulatorApp } from "../src/index.js";

/** A controllable clock for lifecycle tests. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** The seed's curl example body: nano-banana text-to-image 16:9. */
export const SEED_BODY = {
  request_type: "async",
  input: { mode: "text-to-image", prompt: "A futuristic city at sunset", aspect_ratio: "16:9" },
};

/** An in-process emulator (no port) with JSON helpers. */
export function inProcess(options: EmulatorOptions = {}, apiKey = "test-key") {
  const app = createEmulatorApp(options);
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  return {
    app,
    async submit(model: string, body: unknown, key = apiKey) {
      const response = await app.request(`http://emulator.test/api/v1/generateTask/${model}`, {
        method: "POST",
        headers: { ...headers, authorization: `Bearer ${key}` },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as any,
      };
    },
    async status(model: string, taskId: string) {
      const response = await app.request(
        `http://emulator.test/api/v1/statusTask/${model}?taskId=${encodeURIComponent(taskId)}`,
        { headers },
      );
      return { status: response.status, body: (await response.json()) as any };
    },
    async balance(key = apiKey) {
      const response = await app.request("http://emulator.test/api/v1/apikeys/current-balance", {
        headers: { authorization: `Bearer ${key}` },
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    async get(url: string) {
      return app.request(url);
    },
  };
}
