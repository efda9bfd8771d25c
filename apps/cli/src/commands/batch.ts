import { resolve } from "node:path";
import type { TaskHandle } from "@apixo-ts/client";
import { lastFlag } from "../internal/argv.js";
import { followingClient, loadBatch } from "../internal/batch-client.js";
import { createBatchDownloads } from "../internal/batch-downloads.js";
import { readBatchFile } from "../internal/batch-file.js";
import {
  appendBatchHandle,
  batchHandlesPath,
  clearBatchHandles,
  emptyResumePlan,
  type HandleRecord,
  readBatchHandles,
  writeBatchHandles,
} from "../internal/batch-handles.js";
import {
  batchExitCode,
  type ClassifiedOutcome,
  classifyOutcome,
} from "../internal/batch-outcomes.js";
import { journalFailure, printLine, resumeHint, warnAboutPlan } from "../internal/batch-report.js";
import { usageError } from "../internal/cli-error.js";
import type { CommandContext } from "../internal/command.js";
import {
  assertKnownFlags,
  numberFlag,
  openJournal,
  sessionOptions,
  takePositionals,
} from "../internal/command-args.js";
import { parseDuration } from "../internal/duration.js";
import { ExitCode } from "../internal/exit-codes.js";
import { submittedEntry } from "../internal/journal.js";
import { ensureSaveDirectory } from "../internal/save-directory.js";
import { openSession } from "../internal/session.js";

const USAGE = "apixo batch <file.jsonl> [--concurrency N] [--save DIR] [--timeout 10m]";

/**
 * `apixo batch <file.jsonl>`: runs every task of a JSONL file (`{"model", "input"}` per line) with
 * `apixo.batch`: a concurrency cap, an adaptive submit rate (429s slow it down), a progress line,
 * and `--save DIR` downloads as each task succeeds. Each handle is recorded (with a hash of its
 * line) before its wait, and kept while any task is unfinished, so running the same command again
 * resumes those tasks without submitting any unchanged line twice.
 */
export async function execute(context: CommandContext): Promise<number> {
  const { args, io, output } = context;
  assertKnownFlags(args, ["concurrency", "save", "timeout"]);
  const [file] = takePositionals(args, ["file.jsonl"], USAGE) as [string];
  const concurrency = numberFlag(args, "concurrency") ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw usageError("--concurrency must be a whole number ≥ 1");
  const timeout = lastFlag(args, "timeout");
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout, "--timeout");
  const save = lastFlag(args, "save");
  const path = resolve(io.cwd, file);
  const lines = await readBatchFile(path, (message) => output.warn(message));
  // Before the first submit: a --save that cannot be a directory is bad usage, not lost outputs.
  const directory = save === undefined ? undefined : await ensureSaveDirectory(save, io.cwd);

  const journal = openJournal(context);
  const session = await openSession(sessionOptions(args), io, output);
  // Tasks of the in-process emulator end with this command: there is nothing to resume later.
  const handlesPath = session.emulator ? undefined : batchHandlesPath(path);
  try {
    const plan = handlesPath ? await readBatchHandles(handlesPath, lines) : emptyResumePlan();
    if (handlesPath) warnAboutPlan(context, plan, file, handlesPath);
    const resumed = Object.keys(plan.handles).length;
    if (resumed > 0)
      output.info(
        `resuming: ${resumed} task(s) submitted by an earlier run are waited for, not resubmitted`,
      );

    const downloads =
      directory === undefined
        ? undefined
        : createBatchDownloads({
            directory,
            concurrency,
            saveOutputs: (await import("../internal/save-outputs.js")).saveOutputs,
            journal,
            ...(io.signal ? { signal: io.signal } : {}),
          });
    const recordOf = (index: number, handle: TaskHandle): HandleRecord => ({
      index,
      line: lines[index]?.line ?? 0,
      model: handle.model,
      taskId: handle.taskId,
      hash: lines[index]?.hash ?? "",
    });
    const batch = await loadBatch();
    const outcomes = await batch(
      followingClient(session.apixo, journal, downloads),
      lines.map((line) => ({
        model: line.modelId,
        input: line.input,
        ...(line.provider !== undefined ? { provider: line.provider } : {}),
      })),
      {
        concurrency,
        handles: plan.handles,
        ...(io.signal ? { signal: io.signal } : {}),
        wait: (_item, index) => ({
          ...session.pollFor(lines[index]?.model),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        }),
        onSubmit: async (handle, index) => {
          if (handlesPath) await appendBatchHandle(handlesPath, recordOf(index, handle));
          await journal.append(submittedEntry(session, handle));
        },
        onProgress: ({ done, total, fulfilled, rejected }) =>
          output.info(
            output.style.dim(`${done}/${total} done (${fulfilled} succeeded, ${rejected} not)`),
          ),
      },
    );
    await downloads?.settled();
    const classified: ClassifiedOutcome[] = [];
    for (const outcome of outcomes) {
      const line = lines[outcome.index] as (typeof lines)[number];
      const download = outcome.handle ? downloads?.result(outcome.handle.taskId) : undefined;
      const entry = classifyOutcome(outcome, line, await download);
      classified.push(entry);
      await journalFailure(journal, outcome, entry);
      printLine(context, entry);
    }
    // Keep every handle while a line has not ended for good: a rerun then resumes the submitted
    // tasks (finished ones included) instead of submitting them again.
    const unfinished = classified.filter((entry) => entry.unfinished).length;
    const notRun = classified.filter((entry) => entry.notRun).length;
    // Records of lines not in the file are carried over (older first, so this run's win).
    const records = [
      ...plan.unmatched,
      ...(unfinished + notRun > 0
        ? outcomes.flatMap((outcome) =>
            outcome.handle ? [recordOf(outcome.index, outcome.handle)] : [],
          )
        : []),
    ];
    const kept = handlesPath !== undefined && records.length > 0;
    if (handlesPath && kept) await writeBatchHandles(handlesPath, records);
    else if (handlesPath) await clearBatchHandles(handlesPath);
    const interrupted = io.signal?.aborted === true;
    const exitCode = batchExitCode(
      classified.map((entry) => entry.exitCode),
      interrupted,
    );
    const unknownTasks = classified.some(
      (entry) => entry.unfinished && entry.errorType === "NotFoundError",
    );
    const resume =
      handlesPath && unfinished + notRun > 0
        ? resumeHint(context, { unfinished, interrupted, unknownTasks, handlesPath, kept })
        : undefined;
    if (unfinished > 0 && session.emulator)
      output.error(`${unfinished} task(s) did not finish`, [
        "they ran on the in-process emulator, which stopped with this command",
      ]);
    else if (interrupted && !resume) output.error("interrupted");
    output.json({
      ok: exitCode === ExitCode.ok,
      exitCode,
      tasks: classified.map((entry) => entry.report),
      ...(resume ? { resume } : {}),
    });
    return exitCode;
  } finally {
    await session.close();
  }
}
