import {
  createEmulatorApp,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "../src/index.js";

/** The union of the `data` fields the tests read from envelopes. */
export interface Data {
  taskId: string;
  state: string;
  createTime: number;
  completeTime?: number;
  costTime?: number;
  resultJson?: string;
  failCode?: string;
  failMsg?: string;
  error?: string;
}

/** The response envelope `{ code, message, data? }`. */
export interface Envelope<T = Data> {
  code: number;
  message: string;
  data: T;
}

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

/** The result URLs inside a success status. */
export function resultUrls(data: Data): string[] {
  return (JSON.parse(data.resultJson ?? "{}") as { resultUrls: string[] }).resultUrls;
}

/** JSON helpers over an emulator reachable through `fetchFn` at `base`. */
function client(
  fetchFn: (url: string, init?: RequestInit) => Promise<Response>,
  base: string,
  apiKey: string,
) {
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  return {
    async submit(model: string, body: unknown, key = apiKey) {
      const response = await fetchFn(`${base}/api/v1/generateTask/${model}`, {
        method: "POST",
        headers: { ...auth(key), "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Envelope,
      };
    },
    async status(model: string, taskId: string, key = apiKey) {
      const url = `${base}/api/v1/statusTask/${model}?taskId=${encodeURIComponent(taskId)}`;
      const response = await fetchFn(url, { headers: auth(key) });
      return { status: response.status, body: (await response.json()) as Envelope };
    },
    async balance(key = apiKey) {
      const response = await fetchFn(`${base}/api/v1/apikeys/current-balance`, {
        headers: auth(key),
      });
      return { status: response.status, body: (await response.json()) as Envelope<number> };
    },
    get: (url: string) => fetchFn(url),
  };
}

/** An in-process emulator (no port), driven through `app.request`. */
export function inProcess(options: EmulatorOptions = {}, apiKey = "test-key") {
  const app = createEmulatorApp(options);
  const fetchFn = async (url: string, init?: RequestInit) => app.request(url, init);
  return { app, ...client(fetchFn, "http://emulator.test", apiKey) };
}

/** A real emulator on 127.0.0.1 (port 0), with the same helpers. Close it after the test. */
export async function overHttp(options: EmulatorOptions = {}, apiKey = "test-key") {
  const emulator: RunningEmulator = await startEmulator(options);
  return { emulator, ...client((url, init) => fetch(url, init), emulator.url, apiKey) };
}

/** Polls until the task is terminal (tests run with a tiny timeScale, so this is quick). */
export async function waitTerminal(
  api: { status: (model: string, taskId: string) => Promise<{ body: Envelope }> },
  model: string,
  taskId: string,
): Promise<Data> {
  for (;;) {
    const { body } = await api.status(model, taskId);
    if (body.data.state === "success" || body.data.state === "failed") return body.data;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
