import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, journalPath } from "../src/internal/journal.js";
import { resumeCommand } from "../src/internal/resume.js";
import { tempDir } from "./helpers.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.cleanup());

describe("journalPath", () => {
  it.each([
    ["--journal wins", { APIXO_STATE_DIR: "/s", XDG_STATE_HOME: "/x" }, "j.jsonl", "/cwd/j.jsonl"],
    [
      "then APIXO_STATE_DIR",
      { APIXO_STATE_DIR: "/s", XDG_STATE_HOME: "/x" },
      undefined,
      "/s/tasks.jsonl",
    ],
    [
      "then XDG_STATE_HOME",
      { XDG_STATE_HOME: "/x", HOME: "/h" },
      undefined,
      "/x/apixo/tasks.jsonl",
    ],
    ["then ~/.local/state", { HOME: "/h" }, undefined, "/h/.local/state/apixo/tasks.jsonl"],
  ])("%s", (_name, env, option, want) => {
    expect(journalPath(env, "/cwd", option)).toBe(want);
  });
});

describe("Journal", () => {
  it("folds entries into the last known state, most recent first", async () => {
    const journal = new Journal(join(dir.path, "deep", "tasks.jsonl"));
    await journal.append({
      event: "submitted",
      at: "2026-01-01T00:00:00Z",
      model: "m",
      taskId: "a",
    });
    await journal.append({
      event: "submitted",
      at: "2026-01-01T00:00:01Z",
      model: "m",
      taskId: "b",
    });
    await journal.append({
      event: "state",
      at: "2026-01-01T00:00:02Z",
      model: "m",
      taskId: "a",
      state: "success",
      saved: ["/o/a-1.png"],
    });
    const tasks = await journal.tasks();
    expect(tasks.map((task) => [task.taskId, task.state])).toEqual([
      ["a", "success"],
      ["b", "submitted"],
    ]);
    expect(tasks[0]).toMatchObject({ submittedAt: "2026-01-01T00:00:00Z", saved: ["/o/a-1.png"] });
    expect(await journal.tasks(1)).toHaveLength(1);
  });

  it("skips a torn line and keeps the rest", async () => {
    const journal = new Journal(join(dir.path, "tasks.jsonl"));
    await journal.append({ event: "submitted", at: "t", model: "m", taskId: "a" });
    await appendFile(journal.path, '{"event":"subm');
    expect((await journal.tasks()).map((task) => task.taskId)).toEqual(["a"]);
    expect((await readFile(journal.path, "utf8")).split("\n")).toHaveLength(2);
  });

  it("reports a failed append to onError instead of throwing", async () => {
    const errors: string[] = [];
    const journal = new Journal(join(dir.path, "file", "tasks.jsonl"), (_error, entry) =>
      errors.push(entry.taskId),
    );
    await appendFile(join(dir.path, "file"), "not a directory");
    await journal.append({ event: "submitted", at: "t", model: "m", taskId: "a" });
    expect(errors).toEqual(["a"]);
  });

  it("reads a missing journal as empty", async () => {
    expect(await new Journal(join(dir.path, "none.jsonl")).tasks()).toEqual([]);
  });
});

describe("resumeCommand", () => {
  it("names the API and the save directory, quoted for a shell", () => {
    expect(
      resumeCommand({
        model: "nano-banana",
        taskId: "t1",
        baseUrl: "http://127.0.0.1:4010",
        save: "my out",
      }),
    ).toBe("apixo wait nano-banana t1 --base-url http://127.0.0.1:4010 --save 'my out'");
  });
});
