import { describe, expect, it } from "vitest";
import {
  AbortError,
  AuthenticationError,
  type CallbackSource,
  createApixo,
  ResultParseError,
  type Task,
  TaskFailedError,
  WaitTimeoutError,
} from "../src/index.js";
import {
  envelope,
  fakeFetch,
  networkError,
  successData,
  taskData,
  virtualClock,
} from "./helpers.js";

const handle = { model: "nano-banana", taskId: "task_1" };

/** A client whose status reads walk through `states` (the last one repeats). */
function polling(states: Array<() => Response>, options: Record<string, unknown> = {}) {
  const clock = virtualClock();
  const api = fakeFetch((_request, index) =>
    (states[Math.min(index, states.length - 1)] as () => Response)(),
  );
  const apixo = createApixo({ apiKey: "k", fetch: api.fetch, clock, ...options });
  return { apixo, clock, requests: api.requests };
}
const running = () => envelope(taskData("processing"));
const done = () => envelope(successData());

describe("wait", () => {
  it("polls on the model's profile: first delay, growing jittered interval, cap", async () => {
    const { apixo, clock, requests } = polling([running, running, running, running, running, done]);
    const progress: Array<[string, number, number]> = [];
    const task = await apixo.wait(handle, {
      onProgress: (seen, { elapsedMs, attempt }) => progress.push([seen.state, elapsedMs, attempt]),
    });
    expect(task.resultUrls).toEqual(["https://cdn.apixo.ai/output/a.jpg"]);
    // nano-banana: 10 s first, then 1 s ×1.2 capped at 2 s (random 0.5 = no jitter).
    const schedule = clock.sleeps.filter((ms) => ms !== 120_000);
    expect(schedule).toEqual([10_000, 1000, 1200, 1440, 1728, 2000]);
    expect(requests).toHaveLength(6);
    expect(progress.map(([, elapsed, attempt]) => [elapsed, attempt])).toEqual([
      [10_000, 1],
      [11_000, 2],
      [12_200, 3],
      [13_640, 4],
      [15_368, 5],
      [17_368, 6],
    ]);
  });

  it("uses the generic profile for unknown models and per-call poll overrides", async () => {
    const { apixo, clock } = polling([running, done]);
    await apixo.wait(
      { model: "brand-new", taskId: "t" },
      { poll: { initialDelayMs: 100, intervalMs: 50 } },
    );
    expect(clock.sleeps.filter((ms) => ms !== 600_000)).toEqual([100, 50]);
  });

  it("treats unknown states as running", async () => {
    const { apixo, requests } = polling([
      () => envelope(taskData("processing_r2")),
      () => envelope(taskData("queued")),
      done,
    ]);
    await expect(apixo.wait(handle)).resolves.toMatchObject({ state: "success" });
    expect(requests).toHaveLength(3);
  });

  it("stops at the deadline with a WaitTimeoutError that says how to resume", async () => {
    const { apixo, clock } = polling([running]);
    const error = await apixo
      .wait(handle, { timeoutMs: 20_000 })
      .catch((caught: unknown) => caught);
    expect(WaitTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: "nano-banana", taskId: "task_1" });
    const { message } = error as Error;
    expect(message).toContain('apixo.wait({ model: "nano-banana", taskId: "task_1" })');
    expect(message).toContain("apixo wait nano-banana task_1");
    expect(clock.now() - 1_000_000).toBe(20_000);
  });

  it("defaults the deadline to the profile's timeoutMs", async () => {
    const { apixo, clock } = polling([running]);
    await expect(apixo.wait(handle)).rejects.toSatisfy((error) =>
      WaitTimeoutError.isInstance(error),
    );
    expect(clock.now() - 1_000_000).toBe(120_000);
  });

  it("throws TaskFailedError with the failCode's category", async () => {
    const cases: Array<[string, string]> = [
      ["NSFW_DETECTED", "content"],
      ["SensitiveContentDetected", "content"],
      ["PROMPT_TOO_LONG", "input"],
      ["PROCESSING_TIMEOUT", "transient"],
      ["INSUFFICIENT_CREDITS", "billing"],
      ["SomethingNew", "unknown"],
    ];
    for (const [failCode, category] of cases) {
      const { apixo } = polling([() => envelope(taskData("failed", { failCode, failMsg: "why" }))]);
      const error = await apixo.wait(handle).catch((caught: unknown) => caught);
      expect(TaskFailedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ taskId: "task_1", failCode, failMsg: "why", category });
    }
  });

  it("throws ResultParseError on success without parseable URLs", async () => {
    // "null" is valid JSON without a result: found by the quality suite's fuzzing.
    for (const resultJson of ["{not json", JSON.stringify({ resultUrls: [] }), "null", undefined]) {
      const { apixo } = polling([() => envelope(taskData("success", { resultJson }))]);
      await expect(apixo.wait(handle)).rejects.toSatisfy((error) =>
        ResultParseError.isInstance(error),
      );
    }
  });

  it("tolerates transient poll errors within the deadline", async () => {
    const { apixo, requests } = polling(
      [
        () => {
          throw networkError("ECONNRESET");
        },
        () => envelope(null, 502),
        // A status answer cut off on the way (HTTP 200, half a JSON envelope).
        () => new Response('{"code":200,"mes', { status: 200 }),
        running,
        done,
      ],
      { maxRetries: 0 },
    );
    await expect(apixo.wait(handle)).resolves.toMatchObject({ state: "success" });
    expect(requests).toHaveLength(5);
  });

  it("ends on a non-transient poll error", async () => {
    const { apixo } = polling([() => envelope(null, 401)]);
    await expect(apixo.wait(handle)).rejects.toSatisfy((error) =>
      AuthenticationError.isInstance(error),
    );
  });

  it("aborts at once during a sleep, with the signal's reason as cause", async () => {
    const { apixo, requests, clock } = polling([running]);
    const controller = new AbortController();
    const error = await apixo
      .wait(handle, {
        signal: controller.signal,
        // Abort right after the first read: the wait is then sleeping towards the second one.
        onProgress: () => controller.abort(new Error("user left")),
      })
      .catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("user left"));
    expect(requests).toHaveLength(1);
    expect(clock.now() - 1_000_000).toBe(10_000);
  });

  it("rejects an already aborted signal", async () => {
    const { apixo } = polling([done]);
    await expect(apixo.wait(handle, { signal: AbortSignal.abort() })).rejects.toSatisfy((error) =>
      AbortError.isInstance(error),
    );
  });

  it("resumes from a handle made elsewhere ({ model, taskId } alone)", async () => {
    const { apixo, requests } = polling([done]);
    const stored = JSON.parse(JSON.stringify({ model: "nano-banana", taskId: "task_1" }));
    await expect(apixo.wait(stored)).resolves.toMatchObject({ taskId: "task_1" });
    expect(requests[0]?.url.searchParams.get("taskId")).toBe("task_1");
  });
});

describe("wait with a callback source", () => {
  function source(payload: () => Promise<unknown>): CallbackSource & { calls: number } {
    const result = {
      calls: 0,
      waitFor: (_handle: unknown, signal: AbortSignal) => {
        result.calls++;
        return Promise.race([
          payload(),
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => reject(signal.reason)),
          ),
        ]);
      },
    };
    return result;
  }

  it("on a terminal callback, reads status once and returns that (the payload is only a hint)", async () => {
    const { apixo, requests, clock } = polling([done]);
    const forged = {
      code: 200,
      data: { taskId: "task_1", state: "success", resultJson: '{"resultUrls":["https://evil/x"]}' },
    };
    const seen: Task[] = [];
    const task = await apixo.wait(handle, {
      callback: source(async () => forged),
      onProgress: (reported) => seen.push(reported),
    });
    expect(task.resultUrls).toEqual(["https://cdn.apixo.ai/output/a.jpg"]);
    expect(requests).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(clock.now() - 1_000_000).toBeLessThan(5000);
  });

  it("starts polling only after the model's expected time when no callback comes", async () => {
    const { apixo, clock, requests } = polling([done]);
    await apixo.wait(handle, { callback: source(() => new Promise(() => {})) });
    expect(requests).toHaveLength(1);
    // nano-banana: profile first poll 10 s, expected run time 15 s.
    expect(clock.sleeps[1]).toBe(15_000);
  });

  it("keeps polling when the callback source fails or sends a non-terminal hint", async () => {
    for (const payload of [
      () => Promise.reject(new Error("receiver down")),
      async () => ({ state: "processing" }),
    ]) {
      const { apixo, requests } = polling([done]);
      await expect(apixo.wait(handle, { callback: source(payload) })).resolves.toMatchObject({
        state: "success",
      });
      expect(requests).toHaveLength(1);
    }
  });

  it("reports a failed task once when the callback says failed", async () => {
    const { apixo, requests } = polling([() => envelope(taskData("failed", { failCode: "NSFW" }))]);
    const error = await apixo
      .wait(handle, { callback: source(async () => ({ state: "failed" })) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "TaskFailedError", category: "content" });
    expect(requests).toHaveLength(1);
  });
});
