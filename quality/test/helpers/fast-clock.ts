import { type Clock, systemClock } from "@apixo-ts/client";

/**
 * A client clock running `1 / scale` times faster than the wall clock: sleeps last `ms × scale`
 * and `now()` advances accordingly, so polling schedules, backoffs and deadlines keep their shape
 * against an emulator started with the same `timeScale`.
 */
export function fastClock(scale: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) / scale,
    random: systemClock.random,
    sleep: (ms, signal) => systemClock.sleep(ms * scale, signal),
  };
}

/** Runs `work` over `items` with at most `limit` in flight; resolves with every settlement. */
export async function settleAll<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
