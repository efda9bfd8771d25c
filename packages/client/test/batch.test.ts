import { describe, expect, it } from "vitest";
import { BatchCallbackError, type BatchClient, type BatchItem, batch } from "../src/batch.js";
import { AbortError, BadRequestError, ConnectionError, RateLimitError } from "../src/errors.js";
import type { TaskHandle } from "../src/task.js";

// A client double that records calls: submit answers from a script, wait resolves after a tick.
function fakeClient(
  script: {
    refuse?: (call: number) => Error | undefined;
    waitMs?: number;
    failWait?: (handle: TaskHandle) => Error | undefined;
  } = {},
) {
  const log = {
    submits: 0,
    waits: [] as string[],
    maxInFlight: 0,
    inFlight: 0,
    events: [] as string[],
    waitOptions: [] as unknown[],
  };
  const client: BatchClient = {
    async submit(model, _input, options) {
      const call = log.submits++;
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      await tick(1);
      const refusal = script.refuse?.(call);
      if (refusal) {
        log.inFlight--;
        throw refusal;
      }
      if (options?.signal?.aborted) throw new AbortError("aborted");
      log.events.push(`submit:t${call}`);
      return { model, taskId: `t${call}` };
    },
    async wait(handle, options) {
      log.events.push(`wait:${handle.taskId}`);
      log.waitOptions.push(options);
      log.waits.push(handle.taskId);
      await tick(script.waitMs ?? 2, options?.signal);
      log.inFlight--;
      const failure = script.failWait?.(handle);
      if (failure) throw failure;
      return { ...handle, state: "success", createTime: 0, resultUrls: [] };
    },
  };
  return { client, log };
}

function tick(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new AbortError("aborted"));
    });
  });
}

const items = (n: number): BatchItem[] =>
  Array.from({ length: n }, (_, i) => ({ model: "nano-banana", input: { prompt: `p${i}` } }));

const rateLimited = (retryAfter?: string) =>
  new RateLimitError("slow down", {
    status: 429,
    headers: new Headers(retryAfter ? { "retry-after": retryAfter } : {}),
  });

describe("batch", () => {
  it("settles every item in order and caps concurrency", async () => {
    const { client, log } = fakeClient();
    const outcomes = await batch(client, items(25), { concurrency: 4 });
    expect(outcomes.map((o) => o.index)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true);
    expect(log.maxInFlight).toBeLessThanOrEqual(4);
    expect(log.submits).toBe(25);
  });

  it("reports per-item rejections without rejecting the batch", async () => {
    const { client } = fakeClient({
      refuse: (call) =>
        call === 1 ? new BadRequestError("bad input", { status: 400 }) : undefined,
      failWait: (handle) => (handle.taskId === "t2" ? new Error("task failed") : undefined),
    });
    const outcomes = await batch(client, items(3), { concurrency: 1 });
    expect(outcomes[0]).toMatchObject({ status: "fulfilled", handle: { taskId: "t0" } });
    expect(outcomes[1]).toMatchObject({ status: "rejected" });
    expect(outcomes[1]).not.toHaveProperty("handle");
    expect(BadRequestError.isInstance((outcomes[1] as { error: unknown }).error)).toBe(true);
    // The task exists: its handle is reported with the failure.
    expect(outcomes[2]).toMatchObject({ status: "rejected", handle: { taskId: "t2" } });
  });

  it("re-queues a submit refused with 429 and honours Retry-After", async () => {
    const { client, log } = fakeClient({
      refuse: (call) => (call === 0 ? rateLimited("0.05") : undefined),
    });
    const started = Date.now();
    // A high floor keeps the decreased rate from spacing the test's two submits by seconds.
    const outcomes = await batch(client, items(2), { concurrency: 1, rate: { minRate: 100 } });
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(log.submits).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("gives up on an item after maxRequeues 429s", async () => {
    const { client, log } = fakeClient({ refuse: () => rateLimited() });
    const outcomes = await batch(client, items(1), { maxRequeues: 2, rate: { minRate: 1000 } });
    expect(log.submits).toBe(3);
    expect(RateLimitError.isInstance((outcomes[0] as { error: unknown }).error)).toBe(true);
  });

  it("resumes: waits for given handles instead of submitting again", async () => {
    const { client, log } = fakeClient();
    const handles = {
      0: { model: "nano-banana", taskId: "old0" },
      2: { model: "nano-banana", taskId: "old2" },
    };
    const outcomes = await batch(client, items(3), { handles, concurrency: 1 });
    expect(log.submits).toBe(1);
    expect(outcomes.map((o) => o.handle?.taskId)).toEqual(["old0", "t0", "old2"]);
  });

  it("calls onSubmit before waiting on each handle", async () => {
    const { client, log } = fakeClient();
    const journal: string[] = [];
    await batch(client, items(3), {
      concurrency: 2,
      onSubmit: async (handle, index) => {
        await tick(1);
        journal.push(`${index}:${handle.taskId}`);
        log.events.push(`journal:${handle.taskId}`);
      },
    });
    expect(journal).toHaveLength(3);
    for (const id of ["t0", "t1", "t2"]) {
      expect(log.events.indexOf(`journal:${id}`)).toBeLessThan(log.events.indexOf(`wait:${id}`));
    }
  });

  it("reports progress after each settled item", async () => {
    const { client } = fakeClient();
    const seen: string[] = [];
    await batch(client, items(4), {
      onProgress: ({ done, total }) => seen.push(`${done}/${total}`),
    });
    expect(seen).toEqual(["1/4", "2/4", "3/4", "4/4"]);
  });

  it("stops on abort: unfinished items reject with AbortError, submitted ones keep their handle", async () => {
    const { client, log } = fakeClient({ waitMs: 10_000 });
    const controller = new AbortController();
    const submitted: number[] = [];
    const run = batch(client, items(10), {
      concurrency: 2,
      signal: controller.signal,
      onSubmit: (_handle, index) => {
        submitted.push(index);
        if (submitted.length === 2) setTimeout(() => controller.abort(), 5);
      },
    });
    const outcomes = await run;
    expect(log.submits).toBe(2);
    expect(outcomes).toHaveLength(10);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect(AbortError.isInstance((outcome as { error: unknown }).error)).toBe(true);
      expect(Boolean(outcome.handle)).toBe(submitted.includes(outcome.index));
    }
  });

  it("never abandons a submit in flight: an abort during it still reports the handle", async () => {
    const { client } = fakeClient();
    const controller = new AbortController();
    const slowSubmit: BatchClient = {
      ...client,
      async submit(model, input, options) {
        expect(options?.signal).toBeUndefined();
        controller.abort(); // Ctrl-C while the request is on its way
        return client.submit(model, input, options);
      },
    };
    const journal: string[] = [];
    const outcomes = await batch(slowSubmit, items(3), {
      concurrency: 1,
      signal: controller.signal,
      onSubmit: (handle) => void journal.push(handle.taskId),
    });
    expect(journal).toEqual(["t0"]);
    expect(outcomes[0]).toMatchObject({ status: "rejected", handle: { taskId: "t0" } });
    expect(AbortError.isInstance((outcomes[0] as { error: unknown }).error)).toBe(true);
    expect(outcomes.slice(1).every((o) => o.status === "rejected" && !o.handle)).toBe(true);
  });

  it("stops on an onProgress exception and keeps the settled outcomes on the error", async () => {
    const { client, log } = fakeClient();
    const bug = new Error("progress bug");
    const error = await batch(client, items(10), {
      concurrency: 2,
      onProgress: ({ done }) => {
        if (done === 1) throw bug;
      },
    }).catch((e: unknown) => e);
    expect(BatchCallbackError.isInstance(error)).toBe(true);
    const { outcomes, cause, message } = error as BatchCallbackError;
    expect(cause).toBe(bug);
    expect(message).toMatch(/progress bug.*handles/s);
    // The two items in flight settled (one of them after the exception); nothing else started.
    expect(log.submits).toBe(2);
    expect(outcomes.filter(Boolean).map((o) => o.handle?.taskId)).toEqual(["t0", "t1"]);
  });

  it("sends each submit with maxRetries 0, so refusals reach the rate controller", async () => {
    const seen: unknown[] = [];
    const { client } = fakeClient();
    const spy: BatchClient = {
      ...client,
      submit: (model, input, options) => {
        seen.push(options?.maxRetries);
        return client.submit(model, input, options);
      },
    };
    await batch(spy, items(2), { concurrency: 1 });
    expect(seen).toEqual([0, 0]);
  });

  it("re-queues a submit whose connection was refused (never sent), not one that may exist", async () => {
    const refused = new ConnectionError("refused", { taskMayExist: false });
    const maybe = new ConnectionError("dropped", { taskMayExist: true });
    const { client, log } = fakeClient({
      refuse: (call) => (call === 0 ? refused : call === 2 ? maybe : undefined),
    });
    const outcomes = await batch(client, items(2), { concurrency: 1, rate: { minRate: 1000 } });
    expect(outcomes[0]).toMatchObject({ status: "fulfilled", handle: { taskId: "t1" } });
    expect(outcomes[1]).toMatchObject({ status: "rejected", error: maybe });
    expect(log.submits).toBe(3);
  });

  it("takes per-item wait options from a function", async () => {
    const { client, log } = fakeClient();
    await batch(client, items(2), {
      concurrency: 1,
      wait: (item, index) => ({ timeoutMs: 1000 + index, poll: { intervalMs: item.model.length } }),
    });
    expect(log.waitOptions).toMatchObject([
      { timeoutMs: 1000, poll: { intervalMs: 11 } },
      { timeoutMs: 1001, poll: { intervalMs: 11 } },
    ]);
  });

  it.each([0, -1, Number.NaN, 0.5])("refuses concurrency %s with a clear error", async (n) => {
    const { client, log } = fakeClient();
    await expect(batch(client, items(2), { concurrency: n })).rejects.toThrow(
      /concurrency must be 1 or more/,
    );
    expect(log.submits).toBe(0);
  });

  it("an empty batch resolves with no outcomes", async () => {
    const { client } = fakeClient();
    await expect(batch(client, [])).resolves.toEqual([]);
  });
});
