import { lastFlag } from "../internal/argv.js";
import type { CommandContext } from "../internal/command.js";
import {
  assertKnownFlags,
  openJournal,
  sessionOptions,
  takePositionals,
} from "../internal/command-args.js";
import { findModel } from "../internal/contract.js";
import { parseDuration } from "../internal/duration.js";
import { warnIfTaskLivesElsewhere } from "../internal/journal-hints.js";
import { openSession } from "../internal/session.js";
import { followTask } from "../internal/task-flow.js";

/**
 * `apixo wait <model> <taskId> [--save DIR] [--timeout 10m]`: waits for a task submitted earlier
 * (by `apixo submit`, an interrupted `apixo run`, or any other program), exactly like `run` does
 * after its submit.
 */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output } = context;
  assertKnownFlags(args, ["save", "timeout"]);
  const [model, taskId] = takePositionals(
    args,
    ["model", "taskId"],
    "apixo wait <model> <taskId>",
  ) as [string, string];
  const timeout = lastFlag(args, "timeout");
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout, "--timeout");
  const save = lastFlag(args, "save");
  const journalOption = lastFlag(args, "journal");
  const session = await openSession(sessionOptions(args), context.io, output);
  try {
    const journal = openJournal(context);
    await warnIfTaskLivesElsewhere(journal, session, output, { model, taskId });
    return await followTask(context, session, journal, { model, taskId }, await findModel(model), {
      ...(save !== undefined ? { save } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(journalOption !== undefined ? { journalOption } : {}),
    });
  } finally {
    await session.close();
  }
}
