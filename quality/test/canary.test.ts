// Secret canary: one run with a canary API key through the client (debug logs captured), its
// errors, the CLI (--verbose, --json, --save, journal) and an emulator process that logs what it
// sees. The canary must never appear in any log line, error, output, journal or saved file.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { main } from "@apixo-ts/cli";
import { createApixo } from "@apixo-ts/client";
import { downloadTask } from "@apixo-ts/client/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "./helpers/workspace.js";

const CANARY = `sk-canary-${randomBytes(12).toString("hex")}`;
const work = mkdtempSync(join(tmpdir(), "apixo-canary-"));
const emulatorLog: string[] = [];
let emulatorProcess: ChildProcess;
let baseUrl: string;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Polls a batch's handles file until it holds `count` readable records (each with a `taskId`), the
 * process exits, or `timeoutMs` passes; returns how many records it holds then.
 */
async function waitForHandles(
  path: string,
  count: number,
  timeoutMs: number,
  exited: Promise<unknown>,
): Promise<number> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const records = (): number => {
    if (!existsSync(path)) return 0;
    return readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => {
        try {
          return typeof JSON.parse(line).taskId === "string";
        } catch {
          return false;
        }
      }).length;
  };
  const deadline = Date.now() + timeoutMs;
  while (records() < count && !gone && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 25));
  return records();
}

/** Starts the emulator's bin with the canary as its only key; every line it prints lands in `log`. */
async function spawnEmulator(
  log: string[],
  extra: readonly string[] = [],
): Promise<{ url: string; process: ChildProcess }> {
  const bin = join(root, "packages", "emulator", "dist", "bin.js");
  const child = spawn(
    process.execPath,
    [bin, "--port", "0", "--time-scale", "0.001", "--seed", "11", "--api-key", CANARY, ...extra],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited ${code}: ${log.join("")}`)));
    const collect = (chunk: Buffer) => {
      log.push(String(chunk));
      const match = /listening on (http:\/\/[\d.:]+)/.exec(log.join(""));
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
  });
  return { url, process: child };
}

beforeAll(async () => {
  ({ url: baseUrl, process: emulatorProcess } = await spawnEmulator(emulatorLog));
});

afterAll(() => {
  emulatorProcess?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

describe("secret canary", () => {
  it("never shows the API key in logs, errors, CLI output, journal, saved files or emulator logs", async () => {
    const seen: string[] = [];
    const logger = Object.fromEntries(
      ["debug", "info", "warn", "error"].map((level) => [
        level,
        (...args: unknown[]) => seen.push(`${level} ${inspect(args, { depth: 10 })}`),
      ]),
    );
    const apixo = createApixo({
      apiKey: CANARY,
      baseUrl,
      logLevel: "debug",
      logger: logger as never,
      maxRetries: 1,
    });
    const poll = { initialDelayMs: 5, intervalMs: 5, maxIntervalMs: 10 };

    // A success, a failed task, a refused input, a missing task and an unreachable server.
    const task = await apixo.run(
      "nano-banana",
      { mode: "text-to-image", prompt: "canary success" },
      { poll },
    );
    const saved = await downloadTask(task, join(work, "client-out"));
    const errors: unknown[] = [];
    const capture = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail("expected an error"),
        (error) => errors.push(error),
      );
    await capture(
      apixo.run(
        "nano-banana",
        { mode: "text-to-image", prompt: "canary [fail:CONTENT_VIOLATION]" },
        { poll },
      ),
    );
    await capture(apixo.submit("nano-banana", { mode: "text-to-image", prompt: "" }));
    await capture(apixo.status({ model: "nano-banana", taskId: "no-such-task" }));
    await capture(
      createApixo({
        apiKey: CANARY,
        baseUrl: "http://127.0.0.1:9",
        logLevel: "debug",
        logger: logger as never,
        maxRetries: 0,
      }).balance(),
    );
    // Plain http to a non-loopback host is refused (at creation or at the first call).
    await capture(
      Promise.resolve().then(() =>
        createApixo({ apiKey: CANARY, baseUrl: "http://api.example.com" }).balance(),
      ),
    );
    expect(errors).toHaveLength(5);
    for (const error of errors)
      seen.push(`error ${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`);

    // The CLI, verbose, with --json and --save, from the environment and from --api-key.
    const state = join(work, "state");
    const cli = async (argv: string[], env: Record<string, string> = { APIXO_API_KEY: CANARY }) => {
      const io = {
        stdout: { write: (chunk: string) => seen.push(`cli stdout ${chunk}`) },
        stderr: { write: (chunk: string) => seen.push(`cli stderr ${chunk}`) },
        env: { ...env, APIXO_BASE_URL: baseUrl, XDG_STATE_HOME: state, NO_COLOR: "1" },
        cwd: work,
      };
      const before = seen.length;
      const code = await main(argv, io);
      return { code, text: seen.slice(before).join("") };
    };
    const fast = ["--verbose", "--time-scale", "0.001"];
    const runs: [argv: string[], env: Record<string, string> | undefined, code: number][] = [
      [
        ["run", "nano-banana", "--prompt", "canary cli", "--save", "cli-out", "--json", ...fast],
        undefined,
        0,
      ],
      [
        ["run", "nano-banana", "--prompt", "canary cli 2", "--save", "cli-out", ...fast],
        undefined,
        0,
      ],
      [["run", "nano-banana", "--prompt", "[fail:NSFW] canary", ...fast], undefined, 1],
      [["status", "nano-banana", "missing-task", "--verbose"], undefined, 3],
      [["balance", "--verbose", "--api-key", CANARY], {}, 0],
      [["balance", "--verbose", "--base-url", "http://127.0.0.1:9"], undefined, 3],
      [["tasks", "--json"], undefined, 0],
    ];
    for (const [argv, env, code] of runs) {
      const result = await cli(argv, env);
      expect(result.code, `apixo ${argv.join(" ")}\n${result.text}`).toBe(code);
    }

    emulatorProcess.kill("SIGTERM");
    await new Promise((resolve) => emulatorProcess.once("exit", resolve));

    expect(saved.length).toBeGreaterThan(0);
    const files = filesUnder(work);
    expect(files.some((file) => file.includes("cli-out"))).toBe(true);
    expect(files.some((file) => file.includes(join("state", "apixo")))).toBe(true); // the journal
    const leaks = [
      ...seen
        .filter((line) => line.includes(CANARY))
        .map((line) => `log/output: ${line.slice(0, 300)}`),
      ...files.filter((file) => readFileSync(file).includes(CANARY)).map((file) => `file: ${file}`),
      ...emulatorLog
        .filter((line) => line.includes(CANARY))
        .map((line) => `emulator log: ${line.slice(0, 300)}`),
    ];
    expect(leaks).toEqual([]);
    // The run produced real logs, so the check is not vacuous.
    expect(seen.filter((line) => line.startsWith("debug")).length).toBeGreaterThan(0);
    expect(emulatorLog.join("")).toContain("listening on");
  }, 60_000);

  it("never shows a key given with --api-key to `apixo batch`: interrupted by SIGINT, timed out, or with a failed download", async () => {
    const dir = join(work, "batch");
    mkdirSync(dir);
    const state = join(dir, "state");
    const log: string[] = [];
    // Every download from this one fails (500 on each try), so the batch ends with exit 3.
    const faulty = await spawnEmulator(log, ["--fault", "files.serverError=1"]);
    const normal = await spawnEmulator(log);
    const seen: string[] = [];
    const tasks = (file: string, tag: string) =>
      writeFileSync(
        join(dir, file),
        ["one", "two"]
          .map((n) => JSON.stringify({ model: "nano-banana", input: { prompt: `${tag} ${n}` } }))
          .join("\n"),
      );
    const cleanEnv = (url: string) => ({
      APIXO_BASE_URL: url,
      XDG_STATE_HOME: state,
      NO_COLOR: "1",
      HOME: dir,
    });
    try {
      // 1. The real executable, interrupted by SIGINT once both tasks are submitted. Without
      // --time-scale the first poll is 10 s away, so the batch is surely still waiting.
      tasks("interrupted.jsonl", "canary sigint");
      const child = spawn(
        process.execPath,
        [
          join(root, "apps", "cli", "dist", "bin.js"),
          "batch",
          "interrupted.jsonl",
          "--api-key",
          CANARY,
          "--verbose",
        ],
        {
          cwd: dir,
          env: { PATH: process.env.PATH ?? "", ...cleanEnv(normal.url) },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let childOutput = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        childOutput += String(chunk);
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        childOutput += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      const handles = join(dir, "interrupted.jsonl.handles.jsonl");
      // SIGINT only once both handles are on disk: before that, "resume with" has nothing to say.
      const expected = 2;
      const recorded = await waitForHandles(handles, expected, 30_000, exited);
      if (recorded < expected) {
        child.kill("SIGKILL");
        await exited;
        throw new Error(
          `apixo batch recorded ${recorded} of ${expected} handles in ${handles} within 30 s (or exited first), so it was not interrupted; its output:\n${childOutput}`,
        );
      }
      child.kill("SIGINT");
      const code = await exited;
      seen.push(childOutput);
      expect(code, childOutput).toBe(130);
      expect(childOutput).toContain("resume with: apixo batch interrupted.jsonl --verbose");
      expect(existsSync(handles)).toBe(true);

      // 2. In-process, past a 50 ms deadline (exit 4, the handles kept), and 3. a failed download.
      const cli = async (argv: string[], url: string) => {
        const io = {
          stdout: { write: (chunk: string) => seen.push(`stdout ${chunk}`) },
          stderr: { write: (chunk: string) => seen.push(`stderr ${chunk}`) },
          env: cleanEnv(url),
          cwd: dir,
        };
        const before = seen.length;
        return { code: await main(argv, io), text: seen.slice(before).join("") };
      };
      tasks("timeout.jsonl", "canary timeout");
      const timedOut = await cli(
        ["batch", "timeout.jsonl", "--api-key", CANARY, "--timeout", "50ms", "--verbose", "--json"],
        normal.url,
      );
      expect(timedOut.code, timedOut.text).toBe(4);
      expect(timedOut.text).toContain("resume with: apixo batch timeout.jsonl --timeout 50ms");
      expect(existsSync(join(dir, "timeout.jsonl.handles.jsonl"))).toBe(true);
      tasks("download.jsonl", "canary download");
      const failedDownload = await cli(
        [
          "batch",
          "download.jsonl",
          `--api-key=${CANARY}`,
          "--save",
          "saved",
          "--time-scale",
          "0.001",
          "--verbose",
        ],
        faulty.url,
      );
      expect(failedDownload.code, failedDownload.text).toBe(3);
      expect(failedDownload.text).toContain("resume with: apixo batch download.jsonl --save saved");
      expect(existsSync(join(dir, "download.jsonl.handles.jsonl"))).toBe(true);
    } finally {
      faulty.process.kill("SIGTERM");
      normal.process.kill("SIGTERM");
    }
    const files = filesUnder(dir);
    expect(files.some((file) => file.includes(join("state", "apixo")))).toBe(true); // the journal
    const leaks = [
      ...seen
        .filter((text) => text.includes(CANARY))
        .map((text) => `output: ${text.slice(0, 300)}`),
      ...files.filter((file) => readFileSync(file).includes(CANARY)).map((file) => `file: ${file}`),
      ...log
        .filter((line) => line.includes(CANARY))
        .map((line) => `emulator log: ${line.slice(0, 300)}`),
    ];
    expect(leaks).toEqual([]);
  }, 60_000);
});
