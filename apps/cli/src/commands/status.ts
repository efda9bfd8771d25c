import type { CommandContext } from "../internal/command.js";
import {
  assertKnownFlags,
  openJournal,
  sessionOptions,
  takePositionals,
} from "../internal/command-args.js";
import { describeTask } from "../internal/describe-task.js";
import { ExitCode } from "../internal/exit-codes.js";
import { stateEntry } from "../internal/journal.js";
import { warnIfTaskLivesElsewhere } from "../internal/journal-hints.js";
import { openSession } from "../internal/session.js";

/**
 * `apixo status <model> <taskId>`: one status read, recorded in the journal. Exits 0 whatever the
 * task's state (it reports; `apixo wait` is the command whose exit code follows the task).
 */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output } = context;
  assertKnownFlags(args, []);
  const [model, taskId] = takePositionals(
    args,
    ["model", "taskId"],
    "apixo status <model> <taskId>",
  ) as [string, string];
  const session = await openSession(sessionOptions(args), context.io, output);
  try {
    const journal = openJournal(context);
    await warnIfTaskLivesElsewhere(journal, session, output, { model, taskId });
    const task = await session.apixo.status({ model, taskId });
    await journal.append(
      stateEntry(
        { model, taskId },
        {
          state: task.state,
          ...(task.failCode ? { failCode: task.failCode } : {}),
          ...(task.failMsg ? { failMsg: task.failMsg } : {}),
          ...(task.resultUrls.length > 0 ? { resultUrls: task.resultUrls } : {}),
        },
      ),
    );
    for (const line of describeTask(task, output.outStyle)) output.result(line);
    output.json({ ok: true, task });
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
