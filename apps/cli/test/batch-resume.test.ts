import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchScratch, exists } from "./batch-scratch.js";
import { Capture, runCli } from "./helpers.js";

const scratch = batchScratch();
const { running, submits, env, handlesFile } = scratch;
const task = (prompt: string, model = "nano-banana", mode = "text-to-image") =>
  JSON.stringify({ model, input: { mode, prompt } });

describe("apixo batch: a rerun resumes, never resubmits", () => {
  // The emulator runs nano-banana in 0.5–0.75 s; without --time-scale the first poll would come
  // after 10 s, so a short --timeout passes first.
  const slowEmulator = async () => {
    await scratch.start({ timeScale: 0.05, seed: 5 });
  };

  it("keeps the handles after a passed deadline (exit 4), prints the resume command, and the rerun waits instead of resubmitting", async () => {
    await slowEmulator();
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${task("one")}\n${task("two")}\n`);
    const first = await runCli(["batch", "tasks.jsonl", "--timeout", "100ms", "--json"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(first.code, first.stderr).toBe(4);
    expect(await exists(handlesFile())).toBe(true);
    expect(first.stderr).toContain("resume with: apixo batch tasks.jsonl --timeout 100ms --json");
    expect(JSON.parse(first.stdout).resume).toBe("apixo batch tasks.jsonl --timeout 100ms --json");
    expect(submits()).toBe(2);

    const second = await runCli(["batch", "tasks.jsonl", "--time-scale", "0.05"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("resuming: 2 task(s)");
    expect(submits()).toBe(2);
    expect(running().stats().duplicateSubmits).toBe(0);
    expect(await exists(handlesFile())).toBe(false);
  });

  it("keeps the handles of finished tasks when Ctrl-C left lines unsubmitted, so the rerun submits only those", async () => {
    await scratch.start({ timeScale: 0.001, seed: 12 });
    await writeFile(
      join(scratch.path(), "tasks.jsonl"),
      [task("x1"), task("x2"), task("x3")].join("\n"),
    );
    const controller = new AbortController();
    const stderr = new Capture();
    // One at a time: Ctrl-C once the first task is done, before the next is submitted.
    stderr.onWrite = (chunk) => {
      if (chunk.includes("1/3 done")) controller.abort();
    };
    const argv = ["batch", "tasks.jsonl", "--concurrency", "1", "--time-scale", "0.001"];
    const first = await runCli(argv, {
      cwd: scratch.path(),
      env: env(),
      signal: controller.signal,
      stderr,
    });
    expect(first.code, first.stderr).toBe(130);
    expect(submits()).toBe(1);
    expect(first.stderr).toContain("resume with: apixo batch tasks.jsonl");
    expect(await exists(handlesFile())).toBe(true);

    const second = await runCli(argv, { cwd: scratch.path(), env: env() });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("resuming: 1 task(s)");
    expect(submits()).toBe(3);
    expect(running().stats().duplicateSubmits).toBe(0);
    expect(await exists(handlesFile())).toBe(false);
  });

  it("submits an edited line again (saying so) and resumes the unchanged one", async () => {
    await slowEmulator();
    await writeFile(
      join(scratch.path(), "tasks.jsonl"),
      `${task("same")}\n${task("before edit")}\n`,
    );
    const first = await runCli(["batch", "tasks.jsonl", "--timeout", "100ms", "--json"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(first.code, first.stderr).toBe(4);
    const firstIds = JSON.parse(first.stdout).tasks.map(
      (entry: { taskId: string }) => entry.taskId,
    );

    // Same input, keys in another order: still unchanged. The second line's prompt is edited.
    const reordered = JSON.stringify({
      input: { prompt: "same", mode: "text-to-image" },
      model: "nano-banana",
    });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${reordered}\n${task("after edit")}\n`);
    const second = await runCli(["batch", "tasks.jsonl", "--time-scale", "0.05", "--json"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`line 2 changed since task ${firstIds[1]} was submitted`);
    expect(second.stderr).toContain("resuming: 1 task(s)");
    const secondIds = JSON.parse(second.stdout).tasks.map(
      (entry: { taskId: string }) => entry.taskId,
    );
    expect(secondIds[0]).toBe(firstIds[0]);
    expect(secondIds[1]).not.toBe(firstIds[1]);
    expect(submits()).toBe(3);
  });

  it("keeps the handles when a download fails, so the rerun downloads again without resubmitting", async () => {
    await scratch.start({
      timeScale: 0.001,
      seed: 6,
      faults: { files: { serverError: 1 } },
    });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${task("download me")}\n`);
    const argv = ["batch", "tasks.jsonl", "--save", "out", "--time-scale", "0.001"];
    const first = await runCli(argv, { cwd: scratch.path(), env: env() });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain("resume with: apixo batch tasks.jsonl --save out");
    expect(await exists(handlesFile())).toBe(true);

    const second = await runCli(argv, { cwd: scratch.path(), env: env() });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain("resuming: 1 task(s)");
    expect(submits()).toBe(1);
    expect(running().stats().requests.files).toBeGreaterThanOrEqual(2);
  });

  it("never prints the API key in the resume command after Ctrl-C (--api-key X and --api-key=X)", async () => {
    await scratch.start({ timeScale: 0.05, seed: 7 });
    const key = "sk-canary-abcdef123456";
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${task("a")}\n${task("b")}\n`);
    for (const flags of [["--api-key", key], [`--api-key=${key}`]]) {
      const controller = new AbortController();
      const stderr = new Capture();
      stderr.onWrite = () => {
        if (submits() >= 2) controller.abort();
      };
      const run = await runCli(["batch", "tasks.jsonl", ...flags, "--verbose"], {
        cwd: scratch.path(),
        env: { APIXO_BASE_URL: running().url },
        signal: controller.signal,
        stderr,
      });
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toContain("resume with: apixo batch tasks.jsonl --verbose\n");
      expect(run.stderr).toContain("pass your key again with --api-key, or set APIXO_API_KEY");
      expect(run.stderr + run.stdout).not.toContain("abcdef123456");
      expect(await readFile(handlesFile(), "utf8")).not.toContain("abcdef123456");
      await rm(handlesFile());
      running().reset();
    }
  });
});

describe("apixo batch --save", () => {
  it("refuses a --save that is a file before any request (exit 2)", async () => {
    await scratch.start({ timeScale: 0.001, seed: 8 });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${task("x")}\n`);
    await writeFile(join(scratch.path(), "taken"), "a file, not a directory");
    const run = await runCli(["batch", "tasks.jsonl", "--save", "taken", "--time-scale", "0.001"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--save taken: cannot create that directory");
    expect(running().stats().requests.generateTask).toBe(0);
  });

  it("saves a task's outputs as soon as it succeeds, while the rest of the batch still runs", async () => {
    // nano-banana takes 0.1–0.15 s here, sora-2 1.2–3 s. The emulator runs on the test's clock:
    // it stands still until both tasks exist, then moves 0.2 s once, so the quick task ends and
    // the long one is surely still running when Ctrl-C comes, however slow the machine is.
    let now = Date.now();
    await scratch.start({ timeScale: 0.01, seed: 9, now: () => now });
    await writeFile(
      join(scratch.path(), "tasks.jsonl"),
      `${task("quick")}\n${task("long", "sora-2", "text-to-video")}\n`,
    );
    const out = join(scratch.path(), "out");
    const controller = new AbortController();
    // Ctrl-C as soon as the first output is on disk.
    let advanced = false;
    const watcher = setInterval(async () => {
      if (!advanced && submits() === 2) {
        advanced = true;
        now += 200;
      }
      const files = await readdir(out).catch(() => [] as string[]);
      if (files.some((file) => file.endsWith(".png"))) controller.abort();
    }, 10);
    const run = await runCli(
      ["batch", "tasks.jsonl", "--save", "out", "--time-scale", "0.01", "--json"],
      { cwd: scratch.path(), env: env(), signal: controller.signal },
    ).finally(() => clearInterval(watcher));
    expect(run.code, run.stderr).toBe(130);
    const [quick, long] = JSON.parse(run.stdout).tasks;
    expect(quick.state).toBe("success");
    expect(quick.saved).toHaveLength(1);
    expect(long.state).toBe("unknown");
    expect(await exists(handlesFile())).toBe(true);
  });
});

describe("apixo batch: the JSONL file", () => {
  it("ignores a UTF-8 byte order mark", async () => {
    await scratch.start({ timeScale: 0.001, seed: 10 });
    await writeFile(join(scratch.path(), "tasks.jsonl"), `\uFEFF${task("bom")}\r\n`);
    const run = await runCli(["batch", "tasks.jsonl", "--time-scale", "0.001"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(run.code, run.stderr).toBe(0);
  });

  it("reports every bad line at once, before any request", async () => {
    await scratch.start({ timeScale: 0.001, seed: 11 });
    const bad = [
      "{not json",
      JSON.stringify({ model: "nano-banana" }),
      task("fine"),
      JSON.stringify({
        model: "nano-banana",
        input: { mode: "text-to-image", prompt: "x", aspect_ratio: "7:3" },
      }),
      JSON.stringify({ model: "nano-banana", input: { prompt: "x" }, provider: 3 }),
    ];
    await writeFile(join(scratch.path(), "tasks.jsonl"), `${bad.join("\n")}\n`);
    const run = await runCli(["batch", "tasks.jsonl", "--time-scale", "0.001"], {
      cwd: scratch.path(),
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("4 bad lines");
    for (const line of [1, 2, 4, 5]) expect(run.stderr).toMatch(new RegExp(`line ${line}\\b`));
    expect(run.stderr).not.toMatch(/line 3\b/);
    expect(running().stats().requests.generateTask).toBe(0);
  });
});
