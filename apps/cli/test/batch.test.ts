import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { batchScratch } from "./batch-scratch.js";
import { Capture, runCli } from "./helpers.js";

const scratch = batchScratch();
const { running, submits, env } = scratch;
const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: `${tag} ${i}` },
    }),
  ).join("\n");

beforeEach(async () => {
  await scratch.start({ timeScale: 0.001, seed: 4 });
});

const fast = ["--time-scale", "0.001"];

describe("apixo batch", () => {
  it("runs every line, saves the outputs and prints one JSON document", async () => {
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${lines(5, "ok")}\n\n`);
    const run = await runCli(
      ["batch", "tasks.jsonl", "--concurrency", "2", "--save", "out", "--json", ...fast],
      { cwd: scratch.path(), env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ ok: true, exitCode: 0 });
    expect(
      document.tasks.map((task: { line: number; state: string }) => [task.line, task.state]),
    ).toEqual([1, 2, 3, 4, 5].map((line) => [line, "success"]));
    expect(
      (await readdir(join(scratch.path(), "out"))).filter((file) => file.endsWith(".png")),
    ).toHaveLength(5);
    expect(run.stderr).toContain("5/5 done");
    const journal = await readFile(join(scratch.path(), "state", "tasks.jsonl"), "utf8");
    expect(journal.split("\n").filter((line) => line.includes('"submitted"'))).toHaveLength(5);
    expect((await readdir(scratch.path())).some((file) => file.endsWith(".handles.jsonl"))).toBe(
      false,
    );
  });

  it("refuses a bad line before any request, naming the line", async () => {
    const bad = JSON.stringify({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "x", aspect_ratio: "7:3" },
    });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${lines(2, "fine")}\n${bad}\n`);
    const run = await runCli(["batch", "tasks.jsonl", ...fast], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("line 3");
    expect(running().stats().requests.generateTask).toBe(0);
  });

  it("exits 1 when a task fails, reporting the others", async () => {
    const failing = JSON.stringify({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "[fail:NSFW] x" },
    });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${lines(2, "fine")}\n${failing}\n`);
    const run = await runCli(["batch", "tasks.jsonl", ...fast], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/line 3 {2}nano-banana {2}\w+ {2}failed/);
    expect(run.stdout.match(/success/g)).toHaveLength(2);
  });

  it("resumes after Ctrl-C without submitting any task twice", async () => {
    await writeFile(join(scratch.path(), "tasks.jsonl"), lines(6, "resume"));
    const controller = new AbortController();
    const stderr = new Capture();
    // Ctrl-C once two tasks are done (each task's handle is recorded before its wait).
    stderr.onWrite = (chunk) => {
      if (chunk.includes("2/6 done")) controller.abort();
    };
    const first = await runCli(["batch", "tasks.jsonl", "--concurrency", "2", ...fast], {
      cwd: scratch.path(),
      env: env(),
      signal: controller.signal,
      stderr,
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("resume with: apixo batch tasks.jsonl");
    const before = submits();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(6);

    const second = await runCli(["batch", "tasks.jsonl", "--concurrency", "2", ...fast], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming: ${before} task(s)`);
    expect(submits()).toBe(6);
    expect(running().stats().duplicateSubmits).toBe(0);
  });
});
