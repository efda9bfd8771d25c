/**
 * Time as the client sees it. Inject your own in tests to run waits and backoffs instantly.
 */
export interface Clock {
  /** Current time in Unix milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1) for jitter. */
  random(): number;
}

/** The real clock: `Date.now`, `setTimeout` and `Math.random`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * A clock running `1 / scale` times faster than real time: sleeps last `ms × scale`, and `now()`
 * advances to match. Pair it with an emulator started with the same `timeScale`, so the client's
 * polling schedules, backoffs and deadlines keep their real shape against the faster tasks. Every
 * wait is scaled, a server's `Retry-After` too: the emulator's rate-limit answers are in real
 * time, so against a rate-limited emulator the client retries them `1 / scale` times too early.
 * @example
 * const emulator = await startEmulator({ timeScale: 0.01 });
 * const apixo = createApixo({ baseUrl: emulator.url, apiKey: "test", clock: scaledClock(0.01) });
 */
export function scaledClock(scale: number): Clock {
  if (!(scale > 0)) throw new RangeError(`scaledClock: scale must be above 0, not ${scale}.`);
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) / scale,
    random: systemClock.random,
    sleep: (ms, signal) => systemClock.sleep(ms * scale, signal),
  };
}
