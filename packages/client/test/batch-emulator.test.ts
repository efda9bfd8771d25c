// The batch runner against the real emulator over HTTP: rate-limited, resumed and aborted.
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { type BatchItem, batch } from "../src/batch.js";
import { createApixo } from "../src/client.js";
import { AbortError } from "../src/errors.js";
import type { TaskHandle } from "../src/task.js";

const SCALE = 0.001;
// Polls keep their shape at the emulator's time scale.
const poll = { initialDelayMs: 10, intervalMs: 10, maxIntervalMs: 20, factor: 1 };
let emulator: RunningEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const items = (n: number, tag: string): BatchItem[] =>
  Array.from({ length: n }, (_, i) => ({
    model: "nano-banana",
    input: { mode: "text-to-image", prompt: `${tag} ${i}` },
  }));

const submitsOf = (e: RunningEmulator) =>
  Object.values(e.stats().submits).reduce((a, b) => a + b, 0);

describe("batch against the emulator", () => {
  it("slows down under a rate limit and still settles every task once", async () => {
    emulator = await startEmulator({
      timeScale: SCALE,
      seed: 1,
      // Burst 4: the 16 first submits leave together, so the limit is hit however slow the host.
      rateLimit: { requestsPerSecond: 40, burst: 4 },
    });
    const apixo = createApixo({ apiKey: "batch-key", baseUrl: emulator.url, maxRetries: 0 });
    const rates: (number | undefined)[] = [];
    const outcomes = await batch(apixo, items(40, "limited"), {
      concurrency: 16,
      wait: { poll, timeoutMs: 60_000 },
      onProgress: ({ submitRate }) => rates.push(submitRate),
    });
    const rejected = outcomes.filter((o) => o.status === "rejected");
    expect(rejected.map((o) => (o as { error: Error }).error.message)).toEqual([]);
    const stats = emulator.stats();
    expect(stats.rateLimited).toBeGreaterThan(0); // the limit was really hit…
    expect(rates.some((rate) => rate !== undefined)).toBe(true); // …and the batch adapted its rate
    expect(submitsOf(emulator)).toBe(40);
    expect(stats.duplicateSubmits).toBe(0);
  }, 30_000);

  it("resumes an interrupted batch from journaled handles without submitting again", async () => {
    emulator = await startEmulator({ timeScale: SCALE, seed: 2 });
    const apixo = createApixo({ apiKey: "batch-key", baseUrl: emulator.url });
    const list = items(12, "resume");
    const journal: Record<number, TaskHandle> = {};
    const controller = new AbortController();
    const first = await batch(apixo, list, {
      concurrency: 3,
      signal: controller.signal,
      // Long polls keep the first tasks waiting, so the abort lands mid-batch.
      wait: { poll: { initialDelayMs: 60_000 } },
      onSubmit: (handle, index) => {
        journal[index] = handle;
        if (Object.keys(journal).length === 3) controller.abort();
      },
    });
    expect(first.every((o) => o.status === "rejected" && AbortError.isInstance(o.error))).toBe(
      true,
    );
    const submittedBefore = submitsOf(emulator);
    expect(submittedBefore).toBe(Object.keys(journal).length);

    const second = await batch(apixo, list, { concurrency: 4, handles: journal, wait: { poll } });
    expect(second.map((o) => o.status)).toEqual(Array(12).fill("fulfilled"));
    for (const [index, handle] of Object.entries(journal))
      expect(second[Number(index)]?.handle).toEqual(handle);
    expect(submitsOf(emulator)).toBe(12); // only the items without a handle were submitted
    expect(emulator.stats().duplicateSubmits).toBe(0);
  });

  it("reports failed tasks per item with their handle", async () => {
    emulator = await startEmulator({ timeScale: SCALE, seed: 3 });
    const apixo = createApixo({ apiKey: "batch-key", baseUrl: emulator.url });
    const outcomes = await batch(
      apixo,
      [
        { model: "nano-banana", input: { mode: "text-to-image", prompt: "fine" } },
        {
          model: "nano-banana",
          input: { mode: "text-to-image", prompt: "[fail:CONTENT_VIOLATION] no" },
        },
        { model: "nano-banana", input: { mode: "text-to-image", prompt: "" } },
      ],
      { wait: { poll } },
    );
    expect(outcomes[0]).toMatchObject({ status: "fulfilled", task: { state: "success" } });
    expect(outcomes[1]).toMatchObject({
      status: "rejected",
      error: { failCode: "CONTENT_VIOLATION" },
      handle: { model: "nano-banana" },
    });
    expect(outcomes[2]).toMatchObject({ status: "rejected", error: { status: 400 } });
    expect(outcomes[2]).not.toHaveProperty("handle");
  });
});
