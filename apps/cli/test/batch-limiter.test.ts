import { describe, expect, it } from "vitest";
import { createLimiter } from "../src/internal/batch-downloads.js";

/** A promise with its resolve function, to end a job exactly when the test says. */
function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("createLimiter", () => {
  it("never runs more than `limit` jobs, even when a job starts while a slot changes hands", async () => {
    const limit = createLimiter(1);
    let running = 0;
    let most = 0;
    const enter = (): void => {
      running++;
      most = Math.max(most, running);
    };
    const quick = async (): Promise<void> => {
      enter();
      await Promise.resolve();
      running--;
    };
    const first = deferred();
    first.promise.then(() => running--);
    // The first job returns its gate itself, so the limiter's release reacts to the gate directly.
    const all = [
      limit(() => {
        enter();
        return first.promise;
      }),
      limit(quick),
    ];
    // Reacts to the gate right after the limiter's release, before the queued job resumed: a start
    // here used to find the slot free and run beside that queued job.
    const late = first.promise.then(() => limit(quick));
    first.resolve();
    await Promise.all([...all, late]);
    expect(most).toBe(1);
  });

  it("runs queued jobs in order, `limit` at a time, under interleaved starts and ends", async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 8 }, deferred);
    const started: Promise<void>[] = [];
    const run = (n: number) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        order.push(n);
        await gates[n]?.promise;
        running--;
      });
    for (const n of [0, 1, 2, 3]) started.push(run(n));
    // Each end immediately starts another job, racing the queued ones for the freed slot.
    for (const n of [0, 1, 2, 3]) {
      const next = n + 4;
      const end = gates[n] as ReturnType<typeof deferred>;
      started.push(end.promise.then(() => run(next)));
      end.resolve();
      await Promise.resolve();
    }
    for (const gate of gates) gate.resolve();
    await Promise.all(started);
    expect(most).toBe(2);
    expect(order.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
