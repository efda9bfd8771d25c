import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchScratch, exists } from "./batch-scratch.js";
import { runCli } from "./helpers.js";

const scratch = batchScratch();
const { running, submits, env, handlesFile } = scratch;
const task = (prompt: string, provider?: string) =>
  JSON.stringify({
    model: "nano-banana",
    input: { mode: "text-to-image", prompt },
    ...(provider !== undefined ? { provider } : {}),
  });
const tasksFile = () => join(scratch.path(), "tasks.jsonl");
const taskIds = (stdout: string): string[] =>
  JSON.parse(stdout).tasks.map((entry: { taskId: string }) => entry.taskId);
const journalEntries = async (): Promise<Record<string, unknown>[]> =>
  (await readFile(join(scratch.path(), "state", "tasks.jsonl"), "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
/** Past a 100 ms deadline (nano-banana runs 0.5–0.75 s at timeScale 0.05): exit 4, handles kept. */
const firstRun = () =>
  runCli(["batch", "tasks.jsonl", "--timeout", "100ms", "--json"], {
    cwd: scratch.path(),
    env: env(),
  });
const rerun = () =>
  runCli(["batch", "tasks.jsonl", "--time-scale", "0.05", "--json"], {
    cwd: scratch.path(),
    env: env(),
  });

describe("apixo batch: what a resume matches", () => {
  it("submits a line again when only its provider changed", async () => {
    await scratch.start({ timeScale: 0.05, seed: 21 });
    await writeFile(tasksFile(), `${task("kept", "value")}\n${task("switched", "value")}\n`);
    const first = await firstRun();
    expect(first.code, first.stderr).toBe(4);
    const before = taskIds(first.stdout);

    await writeFile(tasksFile(), `${task("kept", "value")}\n${task("switched", "auto")}\n`);
    const second = await rerun();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`line 2 changed since task ${before[1]} was submitted`);
    expect(second.stderr).toContain("resuming: 1 task(s)");
    const after = taskIds(second.stdout);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(submits()).toBe(3);
  });

  it("does not resume a handle recorded in the earlier hash format, and says so", async () => {
    await scratch.start({ timeScale: 0.05, seed: 22 });
    await writeFile(tasksFile(), `${task("old format")}\n`);
    // What an earlier development build wrote: a 16-hex hash of the model and input only.
    const legacy = {
      index: 0,
      line: 1,
      model: "nano-banana",
      taskId: "t-legacy",
      hash: "0a1b2c3d4e5f6a7b",
    };
    await writeFile(handlesFile(), `${JSON.stringify(legacy)}\n`);
    const run = await rerun();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      '1 recorded handle(s) in tasks.jsonl.handles.jsonl come from an earlier apixo whose line hash did not cover "provider"',
    );
    expect(run.stderr).not.toContain("resuming");
    expect(taskIds(run.stdout)[0]).not.toBe("t-legacy");
    expect(submits()).toBe(1);
    expect(await exists(handlesFile())).toBe(false);
  });

  it("keeps the handles of removed lines, so restoring them resumes instead of resubmitting", async () => {
    await scratch.start({ timeScale: 0.05, seed: 23 });
    await writeFile(tasksFile(), `${task("removed for a while")}\n${task("stays")}\n`);
    const first = await firstRun();
    expect(first.code, first.stderr).toBe(4);
    const [removedId, staysId] = taskIds(first.stdout);

    // The first line is taken out: the second moves up and resumes; the first's handle stays.
    await writeFile(tasksFile(), `${task("stays")}\n`);
    const second = await rerun();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      "1 recorded handle(s) match no line of tasks.jsonl: they stay in tasks.jsonl.handles.jsonl",
    );
    expect(taskIds(second.stdout)).toEqual([staysId]);
    const handles = await readFile(handlesFile(), "utf8");
    expect(handles).toContain(removedId);
    expect(handles).not.toContain(staysId);
    expect(submits()).toBe(2);

    // Restored: its task is waited for, not submitted (and billed) again.
    await writeFile(tasksFile(), `${task("removed for a while")}\n`);
    const third = await rerun();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain("resuming: 1 task(s)");
    expect(taskIds(third.stdout)).toEqual([removedId]);
    expect(submits()).toBe(2);
    expect(running().stats().duplicateSubmits).toBe(0);
    expect(await exists(handlesFile())).toBe(false);
  });
});

describe("apixo batch: the journal and the resume hint", () => {
  it("journals where each task lives (--base-url / APIXO_BASE_URL), as apixo submit does", async () => {
    await scratch.start({ timeScale: 0.001, seed: 24 });
    await writeFile(tasksFile(), `${task("a")}\n${task("b")}\n`);
    const run = await runCli(
      ["batch", "tasks.jsonl", "--base-url", running().url, "--time-scale", "0.001"],
      { cwd: scratch.path(), env: { APIXO_API_KEY: "batch-key" } },
    );
    expect(run.code, run.stderr).toBe(0);
    const submitted = (await journalEntries()).filter((entry) => entry.event === "submitted");
    expect(submitted).toHaveLength(2);
    for (const entry of submitted) {
      expect(entry.baseUrl).toBe(running().url);
      expect(entry.emulator).toBeUndefined();
    }
    const tasks = await runCli(["tasks", "--json"], { cwd: scratch.path() });
    const listed = JSON.parse(tasks.stdout).tasks as { baseUrl?: string }[];
    expect(listed.map((entry) => entry.baseUrl)).toEqual([running().url, running().url]);
  });

  it("journals the tasks of --emulator as in-process ones", async () => {
    await writeFile(tasksFile(), `${task("local")}\n`);
    const run = await runCli(["batch", "tasks.jsonl", "--emulator", "--time-scale", "0.001"], {
      cwd: scratch.path(),
      env: { APIXO_API_KEY: "batch-key" },
    });
    expect(run.code, run.stderr).toBe(0);
    const [submitted] = (await journalEntries()).filter((entry) => entry.event === "submitted");
    expect(submitted?.emulator).toBe(true);
    const tasks = await runCli(["tasks"], { cwd: scratch.path() });
    expect(tasks.stdout).not.toContain("apixo wait");
  });

  it("does not claim the handles are kept when Ctrl-C came before any submit", async () => {
    await scratch.start({ timeScale: 0.001, seed: 25 });
    await writeFile(tasksFile(), `${task("never sent")}\n`);
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(["batch", "tasks.jsonl", "--time-scale", "0.001"], {
      cwd: scratch.path(),
      env: env(),
      signal: controller.signal,
    });
    expect(run.code, run.stderr).toBe(130);
    expect(running().stats().requests.generateTask).toBe(0);
    expect(run.stderr).toContain("resume with: apixo batch tasks.jsonl");
    expect(run.stderr).not.toContain("kept");
    expect(run.stderr).not.toContain("waited for");
    expect(await exists(handlesFile())).toBe(false);
  });
});
