// Chaos: 500 tasks through run() against an emulator with every fault switched on. Every task
// must end in its correct final state, the emulator must count zero duplicate submits, and no
// promise rejection may go unhandled.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApixoError, createApixo, type Task, TaskFailedError } from "@apixo-ts/client";
import { downloadTask } from "@apixo-ts/client/node";
import { createCallbackHandler, createCallbackUrl, toNodeHandler } from "@apixo-ts/client/webhooks";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastClock, settleAll } from "./helpers/fast-clock.js";

const SCALE = 0.01;
const TASKS = 500;
const CALLBACK_TASKS = 100; // the first 100 use signed callbacks (duplicated by the emulator)
const FORCED_FAILURE = "CONTENT_VIOLATION";
const SECRET = "chaos-callback-secret-0123456789abcdef";

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
let emulator: RunningEmulator;
let callbackServer: Server;
let callbackBase: string;
const dir = mkdtempSync(join(tmpdir(), "apixo-chaos-"));

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  emulator = await startEmulator({
    timeScale: SCALE,
    seed: 20261125,
    balanceUsd: 1_000_000,
    faults: { ...faultsEverywhere, files: { truncatedFile: 0.3 }, taskFailureRate: 0.05 },
    callbacks: { duplicateRate: 0.5 },
  });
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await emulator?.close();
  await new Promise((resolve) => callbackServer?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("chaos", () => {
  it("500 faulted runs end in their correct final state, with no duplicate submit", async () => {
    const apixo = createApixo({
      apiKey: "chaos-key",
      baseUrl: emulator.url,
      maxRetries: 10,
      clock: fastClock(SCALE),
    });
    const reported = new Map<string, number>();
    const handler = createCallbackHandler({
      secret: SECRET,
      apixo,
      onTask: (task) => void reported.set(task.taskId, (reported.get(task.taskId) ?? 0) + 1),
      onError: () => {}, // a status re-read that lost to a fault: polling is the fallback
    });
    callbackServer = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => callbackServer.listen(0, "127.0.0.1", resolve));
    const address = callbackServer.address();
    callbackBase = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/webhooks/apixo`;

    const items = Array.from({ length: TASKS }, (_, i) => ({
      prompt: `chaos task ${i}${i % 10 === 3 ? ` [fail:${FORCED_FAILURE}]` : ""}`,
      forced: i % 10 === 3,
      callback: i < CALLBACK_TASKS,
      format: i % 4 === 0 ? "jpeg" : "png",
    }));
    const results = await settleAll(items, 100, async (item) => {
      const callbackUrl = item.callback
        ? await createCallbackUrl(callbackBase, { secret: SECRET, model: "nano-banana" })
        : undefined;
      return apixo.run(
        "nano-banana",
        {
          mode: "text-to-image",
          prompt: item.prompt,
          output_format: item.format as "png" | "jpeg",
        },
        {
          callbackUrl,
          callback: item.callback ? handler.receiver : undefined,
          timeoutMs: 3_600_000,
        },
      );
    });

    let succeeded = 0;
    let failedTasks = 0;
    let mayExist = 0;
    const unexpected: string[] = [];
    results.forEach((result, i) => {
      const item = items[i] as (typeof items)[number];
      if (result.status === "fulfilled") {
        const task: Task = result.value;
        if (item.forced || task.state !== "success" || task.resultUrls.length !== 1)
          unexpected.push(`#${i}: fulfilled ${JSON.stringify(task)}`);
        succeeded++;
        return;
      }
      const error = result.reason;
      if (TaskFailedError.isInstance(error)) {
        if (item.forced && error.failCode !== FORCED_FAILURE)
          unexpected.push(`#${i}: failCode ${error.failCode}`);
        failedTasks++;
      } else if (ApixoError.isInstance(error) && error.taskMayExist) {
        mayExist++; // the submit's answer was lost (500/502/dropped/malformed): never resent
      } else {
        unexpected.push(
          `#${i}: ${(error as Error)?.name}: ${(error as Error)?.message} (taskMayExist: ${(error as { taskMayExist?: boolean }).taskMayExist})`,
        );
      }
    });
    expect(unexpected).toEqual([]);
    expect(succeeded + failedTasks + mayExist).toBe(TASKS);

    // Orphans (submits whose answer was lost) run on; let every task reach its end first.
    for (
      let i = 0;
      i < 100 && emulator.stats().tasks.pending + emulator.stats().tasks.processing > 0;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stats = emulator.stats();
    // The emulator's own final states agree with what run() reported (orphans may be either).
    expect(stats.tasks.success).toBeGreaterThanOrEqual(succeeded);
    expect(stats.tasks.success).toBeLessThanOrEqual(succeeded + mayExist);
    expect(stats.tasks.failed).toBeGreaterThanOrEqual(failedTasks);
    expect(stats.tasks.failed).toBeLessThanOrEqual(failedTasks + mayExist);
    expect(stats.duplicateSubmits).toBe(0);
    // Every submit created at most one task: the tasks created are exactly the ones run() knows
    // about plus the ones whose submit answer was lost.
    expect(Object.values(stats.submits).reduce((a, b) => a + b, 0)).toBe(TASKS);
    expect(stats.faults).toMatchObject({
      rateLimited: expect.any(Number),
      dropConnection: expect.any(Number),
      malformedJson: expect.any(Number),
    });
    for (const kind of [
      "rateLimited",
      "rateLimitedNoRetryAfter",
      "unavailable",
      "serverError",
      "badGateway",
      "dropConnection",
      "malformedJson",
    ]) {
      expect(stats.faults[kind], `fault ${kind} never fired`).toBeGreaterThan(0);
    }
    expect(stats.callbacks.duplicated).toBeGreaterThan(0);
    // Duplicated callbacks are reported once per task.
    expect([...reported.values()].every((count) => count === 1)).toBe(true);

    // Truncated (and otherwise faulted) downloads: every output of 60 successful tasks lands whole.
    const succeededTasks = results
      .flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))
      .slice(0, 60);
    const downloads = await settleAll(succeededTasks, 20, async (task) => {
      const [file] = await downloadTask(task, dir, { retries: 10 });
      const bytes = readFileSync(file as string);
      const whole = file?.endsWith(".png")
        ? bytes.subarray(-8, -4).toString("latin1") === "IEND"
        : bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
      return whole ? "whole" : `${file} is not a complete image`;
    });
    expect(downloads.map((d) => (d.status === "fulfilled" ? d.value : String(d.reason)))).toEqual(
      Array(succeededTasks.length).fill("whole"),
    );
    expect(emulator.stats().faults.truncatedFile).toBeGreaterThan(0);
    await handler.idle();
    expect(unhandled).toEqual([]);
  }, 110_000);
});
