// Secret canary: one run with a canary API key through the client (debug logs captured), its
// errors, the CLI (--verbose, --json, --save, journal) and an emulator process that logs what it
// sees. The canary must never appear in any log line, error, output, journal or saved file.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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

beforeAll(async () => {
  const bin = join(root, "packages", "emulator", "dist", "bin.js");
  emulatorProcess = spawn(
    process.execPath,
    [bin, "--port", "0", "--time-scale", "0.001", "--seed", "11", "--api-key", CANARY],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  baseUrl = await new Promise<string>((resolve, reject) => {
    emulatorProcess.once("exit", (code) =>
      reject(new Error(`emulator exited ${code}: ${emulatorLog.join("")}`)),
    );
    const collect = (chunk: Buffer) => {
      emulatorLog.push(String(chunk));
      const match = /listening on (http:\/\/[\d.:]+)/.exec(emulatorLog.join(""));
      if (match) resolve(match[1] as string);
    };
    emulatorProcess.stdout?.on("data", collect);
    emulatorProcess.stderr?.on("data", collect);
  });
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
});
