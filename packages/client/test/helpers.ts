import type { Clock } from "../src/clock.js";

/** One request as the in-test API saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/** A route handler: returns a Response, or throws to simulate a network failure. */
export type Handler = (request: SeenRequest, index: number) => Response | Promise<Response>;

/** A `fetch` that answers from `handler` and records every request. */
export function fakeFetch(handler: Handler) {
  const requests: SeenRequest[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.text();
    const seen: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(seen);
    // Like a real fetch, give up when the request's signal aborts.
    const aborted = new Promise<never>((_resolve, reject) => {
      if (request.signal.aborted) reject(request.signal.reason);
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
    // Handled here too: a handler that throws (a network failure) leaves the race unrun, and the
    // abort that ends the caller's wait later must not surface as an unhandled rejection.
    aborted.catch(() => undefined);
    return Promise.race([handler(seen, requests.length - 1), aborted]);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A JSON response with the API's envelope. */
export function envelope(
  data: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { code: status, message: status === 200 ? "success" : "error", data },
    { status, headers },
  );
}

/** A statusTask `data` object. */
export function taskData(state: string, extra: Record<string, unknown> = {}) {
  return { taskId: "task_1", state, createTime: 1_700_000_000_000, ...extra };
}

/** Successful statusTask data with the given result URLs. */
export function successData(urls = ["https://cdn.apixo.ai/output/a.jpg"]) {
  return taskData("success", {
    resultJson: JSON.stringify({ resultUrls: urls }),
    completeTime: 1_700_000_012_000,
  });
}

/** An undici-style network failure (`TypeError: fetch failed` with a coded cause). */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error(`connect ${code}`), { code }),
  });
}

/**
 * Virtual time: `sleep` resolves in due order without waiting, `now` jumps to each timer's due
 * time. Each timer fires on a later macrotask, so the code under test settles in between.
 */
export function virtualClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const timers: Array<{ at: number; fire: () => void }> = [];
  let scheduled = false;
  const runNext = () => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at);
    const timer = timers.shift();
    if (!timer) return;
    now = Math.max(now, timer.at);
    timer.fire();
    schedule();
  };
  const schedule = () => {
    if (scheduled || timers.length === 0) return;
    scheduled = true;
    setTimeout(runNext, 1);
  };
  const clock: Clock & { sleeps: number[] } = {
    sleeps,
    now: () => now,
    random: () => 0.5,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal?.reason);
        };
        const timer = {
          at: now + ms,
          fire: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener("abort", onAbort, { once: true });
        schedule();
      });
    },
  };
  return clock;
}
