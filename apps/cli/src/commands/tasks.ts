import type { CommandContext } from "../internal/command.js";
import {
  assertKnownFlags,
  numberFlag,
  openJournal,
  takePositionals,
} from "../internal/command-args.js";
import { ExitCode } from "../internal/exit-codes.js";
import { failureText } from "../internal/failure-text.js";
import type { JournaledTask } from "../internal/journal.js";

const terminal = new Set(["success", "failed"]);

function when(iso: string): string {
  return iso.replace("T", " ").slice(0, 19);
}

function outcome(task: JournaledTask): string {
  if (task.state === "failed") return failureText(task);
  if (task.saved && task.saved.length > 0) return task.saved.join(" ");
  if (task.resultUrls && task.resultUrls.length > 0) return task.resultUrls.join(" ");
  if (task.emulator) return "(in-process emulator, gone)";
  return terminal.has(task.state) ? "" : `apixo wait ${task.model} ${task.taskId}`;
}

/** `apixo tasks [--limit N]`: the most recent tasks of the journal with their last known state. */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output } = context;
  assertKnownFlags(args, ["limit"]);
  takePositionals(args, [], "apixo tasks [--limit N]");
  const limit = numberFlag(args, "limit") ?? 20;
  const journal = openJournal(context);
  const tasks = await journal.tasks(limit);
  output.json({ ok: true, journal: journal.path, tasks });
  if (tasks.length === 0) {
    output.info(`no tasks yet (journal: ${journal.path})`);
    return ExitCode.ok;
  }
  const { outStyle: style } = output;
  const rows = tasks.map((task) => [
    when(task.updatedAt),
    task.model,
    task.taskId,
    task.state,
    outcome(task),
  ]);
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...rows.map((row) => (row[column] as string).length)),
  );
  for (const row of rows) {
    const [at, model, taskId, state, rest] = row as [string, string, string, string, string];
    const colour =
      state === "success" ? style.green : state === "failed" ? style.red : style.yellow;
    output.result(
      [
        style.dim(at.padEnd(widths[0] as number)),
        model.padEnd(widths[1] as number),
        taskId.padEnd(widths[2] as number),
        colour(state.padEnd(widths[3] as number)),
        rest,
      ]
        .join("  ")
        .trimEnd(),
    );
  }
  output.info(output.style.dim(`journal: ${journal.path}`));
  return ExitCode.ok;
}
