import { relative } from "node:path";
import type { BatchOutcome } from "@apixo-ts/client";
import type { ResumePlan } from "./batch-handles.js";
import type { ClassifiedOutcome } from "./batch-outcomes.js";
import type { CommandContext } from "./command.js";
import { type Journal, stateEntry } from "./journal.js";
import { shellQuote } from "./resume.js";
import { withoutApiKey } from "./secrets.js";

/** Journals a task that failed (successes are journaled as they happen). */
export async function journalFailure(
  journal: Journal,
  outcome: BatchOutcome,
  entry: ClassifiedOutcome,
): Promise<void> {
  if (!outcome.handle || entry.report.state !== "failed") return;
  await journal.append(
    stateEntry(outcome.handle, {
      state: "failed",
      ...(entry.report.failCode ? { failCode: entry.report.failCode } : {}),
    }),
  );
}

/**
 * Says what the handles of an earlier run mean for this one: edited lines submitted again, records
 * of lines no longer in the file kept for later, records of an older format or torn writes dropped.
 */
export function warnAboutPlan(
  context: CommandContext,
  plan: ResumePlan,
  file: string,
  handlesPath: string,
): void {
  const { output } = context;
  const handles = relative(context.io.cwd, handlesPath);
  for (const { line, taskId } of plan.edited)
    output.warn(
      `line ${line} changed since task ${taskId} was submitted for it: submitting it again (that task's output is not used)`,
    );
  if (plan.unmatched.length > 0)
    output.warn(
      `${plan.unmatched.length} recorded handle(s) match no line of ${file}: they stay in ${handles}, so restoring those lines resumes their tasks instead of submitting them again (delete that file to forget them)`,
    );
  if (plan.outdated > 0)
    output.warn(
      `${plan.outdated} recorded handle(s) in ${handles} come from an earlier apixo whose line hash did not cover "provider": they are not resumed, and their lines are submitted again`,
    );
  if (plan.torn > 0)
    output.warn(
      `${plan.torn} unreadable line(s) of ${handles} skipped (a write cut short; those tasks are also in the journal: apixo tasks)`,
    );
}

/** Prints one line's result: `line N  model  taskId  state  files-or-error`. */
export function printLine(context: CommandContext, { report }: ClassifiedOutcome): void {
  const files = report.saved?.map((file) => relative(context.io.cwd, file)).join(" ") ?? "";
  context.output.result(
    [
      `line ${report.line}`,
      report.model,
      report.taskId ?? "-",
      report.state,
      files || report.error || "",
    ]
      .join("  ")
      .trim(),
  );
}

/**
 * Prints the command that resumes the batch — the same command, never with the API key in it —
 * and returns it for the `--json` document.
 */
export function resumeHint(
  context: CommandContext,
  state: {
    unfinished: number;
    interrupted: boolean;
    unknownTasks: boolean;
    handlesPath: string;
    /** Whether the handles file was kept: false when no submit returned a handle. */
    kept: boolean;
  },
): string {
  const { unfinished, interrupted, unknownTasks, handlesPath, kept } = state;
  const { argv, removed } = withoutApiKey(context.argv);
  const command = `apixo ${argv.map(shellQuote).join(" ")}`;
  const hints = [`resume with: ${command}`];
  if (kept)
    hints.push(
      `its submitted tasks are waited for, not submitted again (their handles are kept in ${relative(context.io.cwd, handlesPath)})`,
    );
  if (removed) hints.push("pass your key again with --api-key, or set APIXO_API_KEY");
  if (unknownTasks)
    hints.push(
      `the API does not know some of these tasks (404): check --base-url, or delete ${relative(context.io.cwd, handlesPath)} to submit every line again`,
    );
  context.output.error(
    interrupted
      ? "interrupted: the submitted tasks go on"
      : `${unfinished} task(s) did not finish or were not saved`,
    hints,
  );
  return command;
}
