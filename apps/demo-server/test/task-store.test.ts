import { describe, expect, it } from "vitest";
import { openTaskStore } from "../src/task-store.js";

function freshStore() {
  const store = openTaskStore(":memory:");
  store.create({ id: "a", model: "nano-banana", input: { prompt: "cat" }, createdAt: 1000 });
  return store;
}

describe("openTaskStore", () => {
  it("records a history entry per state change and none for repeats", () => {
    const store = freshStore();
    expect(
      store.applyUpdate("a", { state: "pending", taskId: "t1" }, "submit", 1001)?.changed,
    ).toBe(true);
    expect(store.applyUpdate("a", { state: "pending" }, "reconciler", 1002)?.changed).toBe(false);
    expect(store.applyUpdate("a", { state: "success" }, "callback", 1003)?.changed).toBe(true);
    expect(store.applyUpdate("a", { state: "success" }, "callback", 1004)?.changed).toBe(false);
    expect(store.history("a")).toEqual([
      { state: "submitting", source: "submit", at: 1000 },
      { state: "pending", source: "submit", at: 1001 },
      { state: "success", source: "callback", at: 1003 },
    ]);
    expect(store.get("a")).toMatchObject({ taskId: "t1", state: "success", updatedAt: 1003 });
  });

  it("never moves a task out of a terminal state", () => {
    const store = freshStore();
    store.applyUpdate(
      "a",
      { state: "failed", taskId: "t1", failCode: "NSFW", failMsg: "no" },
      "callback",
      1001,
    );
    expect(store.applyUpdate("a", { state: "processing" }, "reconciler", 1002)?.changed).toBe(
      false,
    );
    expect(store.get("a")).toMatchObject({ state: "failed", failCode: "NSFW", failMsg: "no" });
  });

  it("lets news carrying the taskId replace a local failure recorded before the taskId was known", () => {
    const store = freshStore();
    store.applyUpdate("a", { state: "failed", failCode: "SUBMIT_INTERRUPTED" }, "restart", 1001);
    expect(
      store.applyUpdate("a", { state: "success", taskId: "t1" }, "callback", 1002)?.changed,
    ).toBe(true);
    expect(store.get("a")).toMatchObject({ state: "success", taskId: "t1", failCode: undefined });
    expect(
      store.applyUpdate("a", { state: "failed", taskId: "t1" }, "callback", 1003)?.changed,
    ).toBe(false);
  });

  it("lists newest first, finds by taskId, and selects unfinished tasks and missing outputs", () => {
    const store = freshStore();
    store.create({ id: "b", model: "flux-2", input: {}, createdAt: 2000 });
    store.applyUpdate("a", { state: "success", taskId: "t1" }, "callback", 2001);
    expect(store.list().map((task) => task.id)).toEqual(["b", "a"]);
    expect(store.findByTaskId("t1")?.id).toBe("a");
    expect(store.listUnfinished().map((task) => task.id)).toEqual(["b"]);
    expect(store.listMissingOutputs().map((task) => task.id)).toEqual(["a"]);
    store.setOutputs("a", "ready", ["t1-0.png"], 2002);
    expect(store.listMissingOutputs()).toEqual([]);
    expect(store.get("a")?.outputs).toEqual(["t1-0.png"]);
  });

  it("removes a task with its history", () => {
    const store = freshStore();
    store.remove("a");
    expect(store.get("a")).toBeUndefined();
    expect(store.history("a")).toEqual([]);
  });
});
