import { relative, resolve } from "node:path";
import type { Apixo, Task, TaskHandle } from "@apixo-ts/client";
import { lastFlag } from "../internal/argv.js";
import { readBatchFile } from "../internal/batch-file.js";
import {
  appendBatchHandle,
  batchHandlesPath,
  clearBatchHandles,
  readBatchHandles,
} from "../internal/batch-handles.js";
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
import { exitForError } from "../internal/exit-for-error.js";
import { shellQuote } from "../internal/resume.js";
import { openSession } from "../internal/session.js";

const USAGE = "apixo batch <file.jsonl> [--concurrency N] [--save DIR] [--timeout 10m]";

/** One item's outcome from the client's `batch` runner. */
type BatchOutcome =
  | { index: number; status: "fulfilled"; task: Task; handle: TaskHandle }
  | { index: number; status: "rejected"; error: unknown; handle?: TaskHandle };

/** The part of `batch(apixo, items, options)` from `@apixo-ts/client` this command uses. */
type RunBatch = (
  apixo: Apixo,
  items: { model: string; input: Record<string, unknown>; provider?: string }[],
  options: {
    concurrency: number;
    handles: Record<number, TaskHandle>;
    signal?: AbortSignal;
    wait: (item: unknown, index: number) => Record<string, unknown>;
    onSubmit: (handle: TaskHandle, index: number) => Promise<void>;
    onProgress: (progress: {
      done: number;
      total: number;
      fulfilled: number;
      rejected: number;
    }) => void;
  },
) => Promise<BatchOutcome[]>;

/** Loads the client's batch runner (with the client itself, only when a batch runs). */
async function loadBatch(): Promise<RunBatch> {
  const client = (await import("@apixo-ts/client")) as unknown as { batch?: RunBatch };
  if (typeof client.batch !== "function") {
    throw new Error("this @apixo-ts/client has no batch(): install a version that has it");
  }
  return client.batch;
}

/** What the batch reports for one line. */
interface LineReport {
  line: number;
  model: string;
  taskId?: string;
  state: string;
  failCode?: string;
  error?: string;
  saved?: string[];
}

/**
 * `apixo batch <file.jsonl>`: runs every task of a JSONL file (`{"model", "input"}` per line) with
 * `apixo.batch`: a concurrency cap, an adaptive submit rate (429s slow it down), a progress line,
 * and `--save DIR` downloads. Each handle is recorded before its wait, so an interrupted batch
 * resumes when run again, without submitting any task twice.
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

  const handlesPath = batchHandlesPath(path);
  const { handles, skipped } = await readBatchHandles(handlesPath, lines);
  const resumed = Object.keys(handles).length;
  if (resumed > 0)
    output.info(
      `resuming: ${resumed} task(s) submitted by an earlier run are waited for, not resubmitted`,
    );
  if (skipped > 0)
    output.warn(`${skipped} recorded handle(s) no longer match ${file} and were ignored`);

  const journal = openJournal(context);
  const session = await openSession(sessionOptions(args), io, output);
  try {
    const batch = await loadBatch();
    const outcomes = await batch(
      session.apixo,
      lines.map((line) => ({
        model: line.modelId,
        input: line.input,
        ...(line.provider !== undefined ? { provider: line.provider } : {}),
      })),
      {
        concurrency,
        handles,
        ...(io.signal ? { signal: io.signal } : {}),
        wait: (_item, index) => ({
          ...session.pollFor(lines[index]?.model),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        }),
        onSubmit: async (handle, index) => {
          await appendBatchHandle(handlesPath, index, lines[index]?.line ?? 0, handle);
          await journal.append({ event: "submitted", at: new Date().toISOString(), ...handle });
        },
        onProgress: ({ done, total, fulfilled, rejected }) =>
          output.info(
            output.style.dim(`${done}/${total} done (${fulfilled} succeeded, ${rejected} not)`),
          ),
      },
    );
    const reports = await reportOutcomes(context, outcomes, lines, save, journal);
    const interrupted = io.signal?.aborted === true;
    if (!interrupted) await clearBatchHandles(handlesPath);
    return finish(context, reports, outcomes, interrupted);
  } finally {
    await session.close();
  }
}

async function reportOutcomes(
  context: CommandContext,
  outcomes: readonly BatchOutcome[],
  lines: readonly { line: number; modelId: string }[],
  save: string | undefined,
  journal: ReturnType<typeof openJournal>,
): Promise<LineReport[]> {
  const { io, output } = context;
  const directory = save === undefined ? undefined : resolve(io.cwd, save);
  const saveOutputs = directory
    ? (await import("../internal/save-outputs.js")).saveOutputs
    : undefined;
  const reports: LineReport[] = [];
  for (const outcome of outcomes) {
    const { line, modelId } = lines[outcome.index] as { line: number; modelId: string };
    const base = {
      line,
      model: modelId,
      ...(outcome.handle ? { taskId: outcome.handle.taskId } : {}),
    };
    if (outcome.status === "fulfilled") {
      const task: Task = outcome.task;
      const report: LineReport = { ...base, state: task.state };
      if (saveOutputs && directory) {
        try {
          report.saved = await saveOutputs(task, directory, io.signal ? { signal: io.signal } : {});
        } catch (error) {
          report.error = exitForError(error).message;
        }
      }
      await journal.append({
        event: "state",
        at: new Date().toISOString(),
        ...outcome.handle,
        state: task.state,
        resultUrls: task.resultUrls,
        ...(report.saved ? { saved: report.saved } : {}),
      });
      reports.push(report);
    } else {
      const error = outcome.error as { name?: string; failCode?: string };
      const failed = error?.name === "TaskFailedError";
      const report: LineReport = {
        ...base,
        state: failed ? "failed" : outcome.handle ? "unknown" : "not submitted",
        ...(failed && error.failCode ? { failCode: error.failCode } : {}),
        error: exitForError(outcome.error).message,
      };
      if (outcome.handle && failed)
        await journal.append({
          event: "state",
          at: new Date().toISOString(),
          ...outcome.handle,
          state: "failed",
          ...(error.failCode ? { failCode: error.failCode } : {}),
        });
      reports.push(report);
    }
    const shown = reports.at(-1) as LineReport;
    const files = shown.saved?.map((file) => relative(io.cwd, file)).join(" ") ?? "";
    output.result(
      [`line ${line}`, modelId, shown.taskId ?? "-", shown.state, files || shown.error || ""]
        .join("  ")
        .trim(),
    );
  }
  return reports;
}

function finish(
  context: CommandContext,
  reports: LineReport[],
  outcomes: readonly BatchOutcome[],
  interrupted: boolean,
): number {
  const { output } = context;
  const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
  const downloadFailed = reports.some((report) => report.state === "success" && report.error);
  let exitCode: number = ExitCode.ok;
  if (interrupted) exitCode = ExitCode.interrupted;
  else if (rejected.length > 0 || downloadFailed) {
    const codes = rejected.map((outcome) => exitForError(outcome.error).exitCode);
    exitCode =
      codes.find((code) => code !== ExitCode.taskFailed) ??
      (downloadFailed ? ExitCode.api : ExitCode.taskFailed);
  }
  if (interrupted) {
    output.error("interrupted: the submitted tasks go on", [
      `resume with: apixo ${context.argv.map(shellQuote).join(" ")}`,
    ]);
  }
  output.json({ ok: exitCode === ExitCode.ok, exitCode, tasks: reports });
  return exitCode;
}
