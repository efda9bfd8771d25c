import { describe, expect, it } from "vitest";
import { AbortError } from "../../src/errors.js";
import type { Task } from "../../src/task.js";
import { createCallbackReceiver } from "../../src/webhooks/callback-receiver.js";
import { createMemoryCallbackStore } from "../../src/webhooks/callback-store.js";

function task(taskId: string, state = "success"): Task {
  return { model: "nano-banana", taskId, state, createTime: 0, resultUrls: [] };
}

describe("createCallbackReceiver", () => {
  it("resolves a waiter when its task is delivered, and only that waiter", async () => {
    const receiver = createCallbackReceiver();
    const waitingA = receiver.waitFor({ model: "nano-banana", taskId: "a" });
    let settledB = false;
    void receiver.waitFor({ model: "nano-banana", taskId: "b" }).then(() => {
      settledB = true;
    });
    receiver.deliver(task("a"));
    expect(await waitingA).toEqual(task("a"));
    await Promise.resolve();
    expect(settledB).toBe(false);
  });

  it("answers a late waitFor from its buffer, which keeps the newest maxBuffered tasks", async () => {
    const receiver = createCallbackReceiver({ maxBuffered: 2 });
    receiver.deliver(task("a"));
    receiver.deliver(task("b"));
    receiver.deliver(task("c"));
    await expect(receiver.waitFor({ model: "nano-banana", taskId: "c" })).resolves.toEqual(
      task("c"),
    );
    const controller = new AbortController();
    const forgotten = receiver.waitFor({ model: "nano-banana", taskId: "a" }, controller.signal);
    controller.abort();
    await expect(forgotten).rejects.toThrow();
  });

  it("rejects with the signal's reason on abort, also when already aborted", async () => {
    const receiver = createCallbackReceiver();
    const controller = new AbortController();
    const waiting = receiver.waitFor({ model: "m", taskId: "x" }, controller.signal);
    const reason = new Error("polling won");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(
      receiver.waitFor({ model: "m", taskId: "x" }, AbortSignal.abort()),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    // An aborted waiter is gone: a later delivery does not reach it, and a new waiter still works.
    const again = receiver.waitFor({ model: "m", taskId: "x" });
    receiver.deliver(task("x", "failed"));
    await expect(again).resolves.toMatchObject({ state: "failed" });
  });

  it("gives an AbortError when the signal has no reason object", async () => {
    const receiver = createCallbackReceiver();
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    const error = await receiver
      .waitFor({ model: "m", taskId: "y" }, signal)
      .catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
  });
});

describe("createMemoryCallbackStore", () => {
  it.each([
    ["first claim wins", ["a", "a"], [true, false]],
    ["distinct ids", ["a", "b", "c"], [true, true, true]],
    [
      "evicts the least recently seen beyond maxSize",
      ["a", "b", "c", "a"],
      [true, true, true, true],
    ],
    ["a re-seen id is kept fresh", ["a", "b", "a", "c", "a"], [true, true, false, true, false]],
  ])("%s", (_name, ids, want) => {
    const store = createMemoryCallbackStore({ maxSize: 2 });
    expect(ids.map((id) => store.claim(id))).toEqual(want);
  });

  it("release forgets an id, has peeks without claiming", () => {
    const store = createMemoryCallbackStore();
    expect(store.has("a")).toBe(false);
    expect(store.claim("a")).toBe(true);
    expect(store.has("a")).toBe(true);
    store.release("a");
    expect(store.claim("a")).toBe(true);
  });

  it("refuses a nonsensical size", () => {
    expect(() => createMemoryCallbackStore({ maxSize: 0 })).toThrow(TypeError);
  });
});
