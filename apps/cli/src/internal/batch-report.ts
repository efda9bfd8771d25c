import { relative } from "node:path";
import type { BatchOutcome } from "@apixo-ts/client";
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
  state: { unfinished: number; interrupted: boolean; unknownTasks: boolean; handlesPath: string },
): string {
  const { unfinished, interrupted, unknownTasks, handlesPath } = state;
  const { argv, removed } = withoutApiKey(context.argv);
  const command = `apixo ${argv.map(shellQuote).join(" ")}`;
  const hints = [
    `resume with: ${command}`,
    "its submitted tasks are waited for, not submitted again (the handles are kept next to the file)",
  ];
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
