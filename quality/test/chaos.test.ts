// Chaos: tasks through run() against an emulator with every fault switched on. Each item is
// judged on its own (helpers/chaos-verdict.ts): a resolved run() names a task the emulator holds
// as a success with the same result URLs; a TaskFailedError names a task the emulator failed with
// that failCode; any other rejection is the error its last submit answer calls for (seen on the
// wire), with `taskMayExist` exactly when the emulator created the task; and the emulator holds
// exactly one task per item whose submit reached creation, none for the others, no task for no
// item. The emulator counts zero duplicate submits and no promise rejection goes unhandled.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS, scaledClock } from "@apixo-ts/client";
import { downloadTask } from "@apixo-ts/client/node";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runChaos } from "./helpers/chaos-run.js";
import { settleAll } from "./helpers/settle-all.js";

const SCALE = 0.01;
const API_FAULTS = [
  "rateLimited",
  "rateLimitedNoRetryAfter",
  "unavailable",
  "serverError",
  "badGateway",
  "dropConnection",
  "malformedJson",
] as const;

const faultsEverywhere = {
  rateLimited: 0.04,
  rateLimitedNoRetryAfter: 0.04,
  unavailable: 0.03,
  serverError: 0.03,
  badGateway: 0.02,
  dropConnection: 0.03,
  malformedJson: 0.03,
  slow: 0.02,
  slowMs: 20,
  retryAfterSeconds: 1,
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let emulator: RunningEmulator | undefined;
const dir = mkdtempSync(join(tmpdir(), "apixo-chaos-"));

const startFaultyEmulator = async (seed: number) => {
  emulator = await startEmulator({
    timeScale: SCALE,
    seed,
    balanceUsd: 1_000_000,
    faults: { ...faultsEverywhere, files: { truncatedFile: 0.3 }, taskFailureRate: 0.05 },
    // The census receiver shares this process with 100 runs: give each attempt 10 s, not 1 s.
    callbacks: { duplicateRate: 0.5, attemptTimeoutMs: 10_000 },
  });
  return emulator;
};

beforeAll(() => void process.on("unhandledRejection", onUnhandled));
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  rmSync(dir, { recursive: true, force: true });
});

describe.sequential("chaos", () => {
  it("500 faulted runs (maxRetries 10) each end in their correct final state", async () => {
    const faulty = await startFaultyEmulator(20261125);
    const { results, problems, reported, mayExist } = await runChaos({
      emulator: faulty,
      client: { maxRetries: 10, clock: scaledClock(SCALE) },
      tasks: 500,
      concurrency: 100,
      forceEvery: 10,
      signed: 100, // signed callbacks raced against polling; the emulator duplicates half of them
      timeoutMs: 9_000_000, // client-clock ms: 90 s of wall time, a hang guard on a busy host
    });
    expect(problems).toEqual([]);
    const stats = faulty.stats();
    expect(stats.duplicateSubmits).toBe(0);
    // Lost submit answers are the point: some items must have hit them, and been judged above.
    expect(mayExist).toBeGreaterThan(0);
    for (const kind of API_FAULTS)
      expect(stats.faults[kind], `fault ${kind} never fired`).toBeGreaterThan(0);
    expect(stats.callbacks.duplicated).toBeGreaterThan(0);
    // Duplicated callbacks are reported once per task.
    expect(reported.size).toBeGreaterThan(0);
    expect([...reported.values()].every((count) => count === 1)).toBe(true);

    // Truncated (and otherwise faulted) downloads: every output of 60 successful tasks lands whole.
    const succeeded = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const downloads = await settleAll(succeeded.slice(0, 60), 20, async (task) => {
      const [file] = await downloadTask(task, dir, { retries: 10 });
      const bytes = readFileSync(file as string);
      const whole = file?.endsWith(".png")
        ? bytes.subarray(-8, -4).toString("latin1") === "IEND"
        : bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
      return whole ? "whole" : `${file} is not a complete image`;
    });
    expect(downloads.map((d) => (d.status === "fulfilled" ? d.value : String(d.reason)))).toEqual(
      Array(Math.min(60, succeeded.length)).fill("whole"),
    );
    expect(faulty.stats().faults.truncatedFile).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  }, 115_000); // ~50 s here; the budget only guards against a hang

  it("150 faulted runs with the client's default options each end in their correct state", async () => {
    const faulty = await startFaultyEmulator(20261126);
    // Nothing but key, base URL and the recording fetch: default maxRetries (2), the real clock
    // (the model's 10 s first poll, real backoffs), default timeouts.
    const { problems, mayExist } = await runChaos({
      emulator: faulty,
      client: {},
      tasks: 150,
      concurrency: 150,
      forceEvery: 10,
      signed: 0,
    });
    expect(DEFAULTS.maxRetries).toBe(2);
    expect(problems).toEqual([]);
    const stats = faulty.stats();
    expect(stats.duplicateSubmits).toBe(0);
    expect(mayExist).toBeGreaterThan(0);
    expect(Object.values(stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  }, 60_000); // ~13 s here
});
