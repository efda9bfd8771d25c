import { afterEach, describe, expect, it, vi } from "vitest";
import { createApixo } from "../src/index.js";
import { mayHoldSecret, redactDeep } from "../src/internal/redact.js";
import { envelope, fakeFetch, taskData, virtualClock } from "./helpers.js";

const KEY = "sk-test-0123456789abcdef";

describe("per-request timer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is cleared once the answer is read, so no timer outlives a call", async () => {
    vi.useFakeTimers();
    const api = fakeFetch(() => envelope(taskData("processing")));
    const apixo = createApixo({ apiKey: KEY, fetch: api.fetch, clock: virtualClock() });
    const before = vi.getTimerCount();
    await apixo.status({ model: "nano-banana", taskId: "task_1" });
    expect(vi.getTimerCount()).toBe(before);
  });

  it("forwards the caller's abort to the request, and stops listening afterwards", async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const api = fakeFetch(() => new Promise<Response>(() => {}));
    const apixo = createApixo({ apiKey: KEY, fetch: api.fetch, clock: virtualClock() });
    const pending = apixo.status(
      { model: "nano-banana", taskId: "task_1" },
      { signal: controller.signal },
    );
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledWith("abort", add.mock.calls[0]?.[1]);
  });
});

describe("redaction of answers", () => {
  it("skips the walk only when the raw text cannot hold the key or a Bearer token", () => {
    expect(mayHoldSecret('{"code":200,"data":{"state":"success"}}', KEY)).toBe(false);
    expect(mayHoldSecret(`{"message":"bad ${KEY}"}`, KEY)).toBe(true);
    expect(mayHoldSecret('{"h":"bearer abc"}', KEY)).toBe(true);
    // A \u escape can spell the key without containing it literally.
    expect(mayHoldSecret('{"m":"\\u0073k-test-0123456789abcdef"}', KEY)).toBe(true);
    // A key with characters JSON may escape always takes the walk.
    expect(mayHoldSecret('{"m":"x"}', 'odd"key/12345')).toBe(true);
    expect(mayHoldSecret('{"m":"x"}', undefined)).toBe(false);
  });

  it("agrees with the deep walk: whenever it says no, the walk changes nothing", () => {
    const texts = [
      JSON.stringify({ code: 200, data: taskData("failed", { failMsg: "plain" }) }),
      JSON.stringify({ code: 200, data: { resultJson: JSON.stringify({ resultUrls: ["u"] }) } }),
    ];
    for (const text of texts) {
      expect(mayHoldSecret(text, KEY)).toBe(false);
      expect(redactDeep(JSON.parse(text), KEY)).toEqual(JSON.parse(text));
    }
  });

  it("still redacts a key echoed in a successful status answer", async () => {
    const api = fakeFetch(() =>
      envelope(taskData("failed", { failCode: "X", failMsg: `key ${KEY} refused` })),
    );
    const apixo = createApixo({ apiKey: KEY, fetch: api.fetch, clock: virtualClock() });
    const task = await apixo.status({ model: "nano-banana", taskId: "task_1" });
    expect(task.failMsg).toBe("key [redacted] refused");
  });
});
