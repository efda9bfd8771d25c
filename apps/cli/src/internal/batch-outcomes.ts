import type { BatchOutcome } from "@apixo-ts/client";
import type { DownloadResult } from "./batch-downloads.js";
import type { BatchLine } from "./batch-file.js";
import { ExitCode } from "./exit-codes.js";
import { exitForError } from "./exit-for-error.js";

/** What the batch reports for one line (one entry of `tasks` in the `--json` document). */
export interface LineReport {
  line: number;
  model: string;
  taskId?: string;
  state: string;
  failCode?: string;
  error?: string;
  saved?: string[];
}

/** A line's report, and whether a rerun must resume its task rather than forget it. */
export interface ClassifiedOutcome {
  report: LineReport;
  /**
   * The task was submitted but did not end for good here: still running, past the deadline,
   * interrupted, unreachable, or succeeded without its download. Its handle must be kept.
   */
  unfinished: boolean;
  /** The line was never submitted because the batch was interrupted: a rerun submits it. */
  notRun: boolean;
  /** The exit code this line calls for (0 when it went well). */
  exitCode: number;
  /** The error's type (`WaitTimeoutError`, `NotFoundError`, ...), when the line went wrong. */
  errorType?: string;
}

/**
 * Classifies one outcome. A line ended for good when its task succeeded (and was saved, with
 * `--save`), failed as a task, or was refused at submit (no task exists); everything else with a
 * handle is unfinished, and a line an interruption kept from being submitted has not run yet.
 */
export function classifyOutcome(
  outcome: BatchOutcome,
  line: BatchLine,
  download: DownloadResult | undefined,
): ClassifiedOutcome {
  const base = {
    line: line.line,
    model: line.modelId,
    ...(outcome.handle ? { taskId: outcome.handle.taskId } : {}),
  };
  if (outcome.status === "fulfilled") {
    const report: LineReport = { ...base, state: outcome.task.state };
    if (download && "error" in download) {
      const failure = exitForError(download.error);
      report.error = failure.message;
      const exitCode =
        failure.exitCode === ExitCode.interrupted ? ExitCode.interrupted : ExitCode.api;
      return { report, unfinished: true, notRun: false, exitCode, errorType: failure.type };
    }
    if (download) report.saved = download.saved;
    return { report, unfinished: false, notRun: false, exitCode: ExitCode.ok };
  }
  const failure = exitForError(outcome.error);
  const failed = failure.type === "TaskFailedError";
  const failCode = (outcome.error as { failCode?: unknown }).failCode;
  const report: LineReport = {
    ...base,
    state: failed ? "failed" : outcome.handle ? "unknown" : "not submitted",
    ...(failed && typeof failCode === "string" ? { failCode } : {}),
    error: failure.message,
  };
  return {
    report,
    unfinished: outcome.handle !== undefined && !failed,
    notRun: outcome.handle === undefined && failure.exitCode === ExitCode.interrupted,
    exitCode: failure.exitCode,
  };
}

/**
 * The batch's exit code: 130 when interrupted; otherwise the first line's code that is not a
 * failed task (a 3, 4 or 2 says more than "some task failed"), else 1 when a task failed, else 0.
 */
export function batchExitCode(codes: readonly number[], interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  const problems = codes.filter((code) => code !== ExitCode.ok);
  return (
    problems.find((code) => code !== ExitCode.taskFailed) ??
    (problems.length > 0 ? ExitCode.taskFailed : ExitCode.ok)
  );
}
