import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Capture, runCli, tempDir } from "./helpers.js";

// Tasks take 10–15 s × 0.02 = 0.2–0.3 s on this emulator; `--time-scale 0.02` scales polling to match.
const TIME_SCALE = 0.02;
let emulator: RunningEmulator;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: TIME_SCALE, seed: 7, apiKeys: ["test-key"] });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  dir = await tempDir();
});
afterEach(() => dir.cleanup());

const env = () => ({ APIXO_API_KEY: "test-key", APIXO_BASE_URL: emulator.url });
const apixo = (argv: string[], extra: Partial<Parameters<typeof runCli>[1]> = {}) =>
  runCli([...argv, "--time-scale", String(TIME_SCALE)], { cwd: dir.path, env: env(), ...extra });
const journalLines = async () =>
  (await readFile(join(dir.path, "state", "tasks.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("bad input is refused before any request (exit 2)", () => {
  it.each([
    [
      "a wrong enum value",
      ["run", "nano-banana", "--prompt", "x", "--aspect-ratio", "16x9"],
      /did you mean --aspect-ratio 16:9\?/,
    ],
    [
      "an unknown flag",
      ["run", "nano-banana", "--prompt", "x", "--aspect-ration", "16:9"],
      /did you mean --aspect-ratio\?/,
    ],
    [
      "a missing required field",
      ["submit", "nano-banana", "--aspect-ratio", "1:1"],
      /--prompt is required/,
    ],
    [
      "a mistyped mode",
      ["run", "nano-banana", "--mode", "text-to-imag", "--prompt", "x"],
      /did you mean --mode text-to-image\?/,
    ],
    [
      "a wrong number",
      ["run", "seedream-4-5", "--prompt", "x", "--max-images", "many"],
      /--max-images must be a whole number/,
    ],
    [
      "an unknown model without --input",
      ["run", "nano-banan", "--prompt", "x"],
      /did you mean nano-banana\?/,
    ],
    ["bad --input JSON", ["run", "nano-banana", "--input", "{prompt:"], /not valid JSON/],
    [
      "a word after a switch",
      ["run", "kling-2-6", "--prompt", "x", "--sound", "maybe"],
      /--sound is a switch: --sound, --sound=false or --no-sound/,
    ],
    [
      "an Object.prototype name as a flag",
      ["run", "nano-banana", "--prompt", "x", "--constructor", "y"],
      /unknown flag --constructor/,
    ],
    [
      "a wrong provider",
      ["submit", "nano-banana", "--prompt", "x", "--provider", "oficial"],
      /did you mean --provider official\?/,
    ],
    [
      "a provider the model refuses",
      ["submit", "sora-2", "--prompt", "x", "--provider", "auto"],
      /use official/,
    ],
  ])("%s", async (_name, argv, hint) => {
    const result = await apixo(argv);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(hint);
    expect(result.stdout).toBe("");
    const stats = emulator.stats();
    expect(
      Object.values(stats.requests).reduce((sum: number, count) => sum + Number(count), 0),
    ).toBe(0);
  });

  it("prints one JSON error document with --json", async () => {
    const result = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "x",
      "--aspect-ratio",
      "16x9",
      "--json",
    ]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
  });
});

describe("apixo run", () => {
  it("submits, journals, waits and saves a real PNG (--json)", async () => {
    const result = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "A futuristic city at sunset",
      "--aspect-ratio",
      "16:9",
      "--save",
      "out",
      "--json",
    ]);
    expect(result.stderr).toContain("submitted nano-banana");
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      ok: true,
      handle: { model: "nano-banana" },
      task: { state: "success" },
    });
    expect(document.saved).toHaveLength(1);
    expect(document.saved[0]).toBe(join(dir.path, "out", `${document.handle.taskId}-1.png`));
    const bytes = await readFile(document.saved[0]);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG);
    expect(await readdir(join(dir.path, "out"))).toEqual([`${document.handle.taskId}-1.png`]);
    const lines = await journalLines();
    expect(lines[0]).toMatchObject({
      event: "submitted",
      model: "nano-banana",
      taskId: document.handle.taskId,
    });
    expect(lines.at(-1)).toMatchObject({ event: "state", state: "success", saved: document.saved });
  });

  it("prints the saved path for a person", async () => {
    const result = await apixo(["run", "nano-banana", "--prompt", "a red fox", "--save", "out"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^out\/\w+-1\.png\n$/);
    expect(result.stderr).toMatch(/succeeded in/);
  });

  it("exits 1 on a failed task and shows failCode", async () => {
    const result = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "a cat [fail:CONTENT_VIOLATION]",
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed: CONTENT_VIOLATION: [^\n]*[^.\n]\n/);
    expect(result.stderr).not.toMatch(/CONTENT_VIOLATION:? CONTENT_VIOLATION/);
    expect(result.stderr).toContain("resending it as is fails again");
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ ok: false, error: { type: "TaskFailedError", exitCode: 1 } });
    expect((await journalLines()).at(-1)).toMatchObject({
      state: "failed",
      failCode: "CONTENT_VIOLATION",
    });
    const listed = await apixo(["tasks"]);
    expect(listed.stdout).toMatch(/failed +CONTENT_VIOLATION: \S/);
    expect(listed.stdout).not.toContain("CONTENT_VIOLATION CONTENT_VIOLATION");
  });

  it("exits 3 on an API key the API refuses", async () => {
    const result = await apixo(["run", "nano-banana", "--prompt", "x"], {
      env: { ...env(), APIXO_API_KEY: "wrong-key" },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain("wrong-key");
  });

  it("exits 4 when the deadline passes, printing the resume command", async () => {
    // sora-2 runs 2–5 min × 0.02 = 2.4 s at least: far beyond the 50 ms deadline, even on a slow machine.
    const result = await apixo(["run", "sora-2", "--prompt", "x", "--timeout", "50ms", "--json"]);
    expect(result.code).toBe(4);
    const document = JSON.parse(result.stdout);
    expect(document.resume).toBe(
      `apixo wait sora-2 ${document.handle.taskId} --base-url ${emulator.url} --time-scale ${TIME_SCALE}`,
    );
    expect(result.stderr).toContain(document.resume);
  });

  it("Ctrl-C before the submit sends nothing (130, no task)", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await apixo(["run", "nano-banana", "--prompt", "x"], {
      signal: controller.signal,
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("nothing was sent");
    expect(emulator.stats().requests.generateTask).toBe(0);
  });

  it("resumes after Ctrl-C: exit 130 with the resume command, then `apixo wait` finishes", async () => {
    const controller = new AbortController();
    const stderr = new Capture();
    stderr.onWrite = (chunk) => {
      if (chunk.includes("submitted")) controller.abort();
    };
    const interrupted = await apixo(["run", "nano-banana", "--prompt", "x", "--save", "out"], {
      signal: controller.signal,
      stderr,
    });
    expect(interrupted.code).toBe(130);
    const resume = /resume with: (apixo wait .*)$/m.exec(interrupted.stderr)?.[1];
    expect(resume).toMatch(
      /^apixo wait nano-banana \w+ --base-url \S+ --save out --time-scale 0\.02$/,
    );
    const [taskId] = (await journalLines()).map((line) => line.taskId);
    expect(resume).toContain(taskId);

    const resumed = await runCli((resume as string).split(" ").slice(1), {
      cwd: dir.path,
      env: env(),
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.trim()).toBe(`out/${taskId}-1.png`);
    const tasks = await apixo(["tasks", "--json"]);
    expect(JSON.parse(tasks.stdout).tasks[0]).toMatchObject({ taskId, state: "success" });
  });
});

describe("the other commands", () => {
  it("submit prints the handle; status, wait and download follow it", async () => {
    const submitted = await apixo(["submit", "nano-banana", "--prompt", "a boat", "--json"]);
    expect(submitted.code).toBe(0);
    const { handle } = JSON.parse(submitted.stdout);
    const status = await apixo(["status", "nano-banana", handle.taskId, "--json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).task.taskId).toBe(handle.taskId);
    expect((await apixo(["wait", "nano-banana", handle.taskId])).code).toBe(0);
    const downloaded = await apixo([
      "download",
      "nano-banana",
      handle.taskId,
      "--save",
      "dl",
      "--json",
    ]);
    expect(downloaded.code).toBe(0);
    const [saved] = JSON.parse(downloaded.stdout).saved;
    expect([...(await readFile(saved)).subarray(0, 8)]).toEqual(PNG);
  });

  it("download refuses a task that is still running (4) or failed (1)", async () => {
    const running = JSON.parse(
      (await apixo(["submit", "sora-2", "--prompt", "slow", "--json"])).stdout,
    );
    const early = await apixo(["download", "sora-2", running.handle.taskId, "--save", "dl"]);
    expect(early.code).toBe(4);
    expect(early.stderr).toContain(`apixo wait sora-2 ${running.handle.taskId} --save dl`);
    const failing = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "[fail:GENERATION_FAILED]",
      "--json",
    ]);
    const { taskId } = JSON.parse(failing.stdout).handle;
    const failed = await apixo(["download", "nano-banana", taskId, "--save", "dl"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("GENERATION_FAILED");
  });

  it("exits 3 without an API key, before any request", async () => {
    const result = await apixo(["balance"], { env: { APIXO_BASE_URL: emulator.url } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("APIXO_API_KEY");
    expect(emulator.stats().requests.balance).toBe(0);
  });

  it("wait warns when the journal says the task lives on another API origin", async () => {
    const submitted = JSON.parse(
      (await apixo(["submit", "nano-banana", "--prompt", "x", "--json"])).stdout,
    );
    const elsewhere = await apixo(
      ["wait", "nano-banana", submitted.handle.taskId, "--timeout", "1ms"],
      {
        env: { APIXO_API_KEY: "test-key", APIXO_BASE_URL: "http://127.0.0.1:9" },
      },
    );
    expect(elsewhere.stderr).toContain(
      `was submitted to ${emulator.url}; add --base-url ${emulator.url}`,
    );
    for (const command of [["status"], ["download", "--save", "out"]]) {
      const [name, ...flags] = command as [string, ...string[]];
      const result = await apixo([name, "nano-banana", submitted.handle.taskId, ...flags], {
        env: { APIXO_API_KEY: "test-key", APIXO_BASE_URL: "http://127.0.0.1:9" },
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`add --base-url ${emulator.url}`);
    }
  });

  it("wait on a task the API does not know exits 3 and journals nothing for it", async () => {
    const unknown = "0123456789abcdef0123456789abcdef";
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await apixo(["wait", "nano-banana", unknown]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("Task not found");
      expect(result.stderr).not.toContain("resume with");
      // No invented origin: the journal has never seen this task submitted anywhere.
      expect(result.stderr).not.toContain("was submitted to");
    }
    const listed = await apixo(["tasks", "--json"]);
    expect(JSON.parse(listed.stdout).tasks).toEqual([]);
  });

  it("a task only seen by `status` gets no origin warning on `wait`", async () => {
    const submitted = JSON.parse(
      (
        await apixo([
          "submit",
          "nano-banana",
          "--prompt",
          "x",
          "--json",
          "--journal",
          "other.jsonl",
        ])
      ).stdout,
    );
    const { taskId } = submitted.handle;
    expect((await apixo(["status", "nano-banana", taskId])).code).toBe(0);
    const waited = await apixo(["wait", "nano-banana", taskId]);
    expect(waited.code).toBe(0);
    expect(waited.stderr).not.toContain("was submitted to");
  });

  it("run refuses a --save directory it cannot create before submitting (exit 2)", async () => {
    await import("node:fs/promises").then((fs) => fs.writeFile(join(dir.path, "a-file"), "x"));
    const result = await apixo(["run", "nano-banana", "--prompt", "x", "--save", "a-file/out"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--save a-file/out: cannot create that directory");
    expect(emulator.stats().submits["nano-banana"] ?? 0).toBe(0);
  });

  it("hints at --input - when JSON is piped in without it", async () => {
    const result = await apixo(["submit", "nano-banana"], { stdin: '{"prompt":"piped"}' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--input -");
    expect(emulator.stats().submits["nano-banana"] ?? 0).toBe(0);
  });

  it("reads the whole input from --input @file and from stdin with --input -", async () => {
    const input = JSON.stringify({
      mode: "text-to-image",
      prompt: "from a file",
      aspect_ratio: "1:1",
    });
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(join(dir.path, "input.json"), input),
    );
    expect((await apixo(["submit", "nano-banana", "--input", "@input.json"])).code).toBe(0);
    expect((await apixo(["submit", "nano-banana", "--input", "-"], { stdin: input })).code).toBe(0);
    // A file saved with a UTF-8 byte order mark is read as the same JSON.
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(join(dir.path, "bom.json"), `\uFEFF${input}`),
    );
    expect((await apixo(["submit", "nano-banana", "--input", "@bom.json"])).code).toBe(0);
    expect(emulator.stats().submits["nano-banana"]).toBe(3);
  });

  it("tasks lists the journal with the last known state", async () => {
    await apixo(["submit", "nano-banana", "--prompt", "one"]);
    const result = await apixo(["tasks"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nano-banana\s+\w+\s+submitted\s+apixo wait nano-banana \w+/);
  });

  it("balance prints the balance", async () => {
    const result = await apixo(["balance", "--json"]);
    expect(result.code).toBe(0);
    expect(typeof JSON.parse(result.stdout).balanceUsd).toBe("number");
  });

  it("models lists the contract and describes a model per mode", async () => {
    const list = await apixo(["models", "--json"]);
    expect(JSON.parse(list.stdout).models).toContainEqual(
      expect.objectContaining({ id: "nano-banana", kind: "image" }),
    );
    const one = await apixo(["models", "nano-banana"]);
    expect(one.stdout).toContain("--mode image-to-image");
    expect(one.stdout).toContain("--image-url");
    expect((await apixo(["models", "nano-banan"])).code).toBe(2);
  });

  it("--emulator runs against an in-process emulator and says so", async () => {
    const result = await runCli(
      ["run", "nano-banana", "--prompt", "x", "--emulator", "--time-scale", "0.01", "--json"],
      {
        cwd: dir.path,
        env: {},
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("local emulator");
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, emulator: { timeScale: 0.01 } });
  });

  it("passes an unknown model id through untyped with --input, with a warning", async () => {
    const result = await apixo(["submit", "brand-new-model", "--input", '{"prompt":"x"}']);
    expect(result.stderr).toContain('"brand-new-model" is not in the contract');
    expect(emulator.stats().requests.generateTask).toBe(1); // sent; this emulator answers 404
    expect(result.code).toBe(3);
  });

  it("--verbose logs the client's requests with the key redacted; --api-key warns", async () => {
    const key = "test-key";
    const result = await apixo(["balance", "--verbose", "--api-key", key], {
      env: { APIXO_BASE_URL: emulator.url },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("shell history");
    expect(result.stderr).toMatch(/\[apixo\]/);
    expect(result.stderr).not.toContain(key);
  });

  it("emulator serves in the foreground until interrupted", async () => {
    const controller = new AbortController();
    const stdoutSeen: string[] = [];
    const running = runCli(["emulator", "--port", "0", "--time-scale", "0.01"], {
      cwd: dir.path,
      env: {},
      signal: controller.signal,
      stdout: Object.assign(new Capture(), { onWrite: (chunk: string) => stdoutSeen.push(chunk) }),
    });
    await expect
      .poll(() => stdoutSeen.join(""), { timeout: 10_000 })
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const url = stdoutSeen.join("").trim();
    const balance = await runCli(["balance", "--base-url", url, "--json"], {
      cwd: dir.path,
      env: { APIXO_API_KEY: "k" },
    });
    expect(balance.code).toBe(0);
    controller.abort();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("emulator stopped");
  });

  it("--version and --help need no network", async () => {
    expect((await apixo(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await apixo(["--help"])).stdout).toContain("apixo run <model>");
    expect((await apixo(["run", "nano-banana", "--help"])).stdout).toContain("--aspect-ratio");
  });
});
