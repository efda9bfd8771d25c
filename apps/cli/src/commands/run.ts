import { lastFlag } from "../internal/argv.js";
import type { CommandContext } from "../internal/command.js";
import { openJournal, sessionOptions } from "../internal/command-args.js";
import { parseDuration } from "../internal/duration.js";
import { ExitCode } from "../internal/exit-codes.js";
import { prepareSubmission } from "../internal/prepare-submission.js";
import { ensureSaveDirectory } from "../internal/save-directory.js";
import { openSession } from "../internal/session.js";
import { submitTask } from "../internal/submit-task.js";
import { followTask } from "../internal/task-flow.js";
import { findCommand } from "./registry.js";

/** `apixo run <model> [input flags] [--save DIR] [--timeout 10m]`: submit, wait, download. */
export async function execute(context: CommandContext): Promise<number> {
  const command = findCommand("run");
  if (!command) throw new Error("run is not registered");
  const submission = await prepareSubmission(context, command);
  if (!submission) return ExitCode.ok;
  const { args } = submission;
  const timeout = lastFlag(args, "timeout");
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout, "--timeout");
  const save = lastFlag(args, "save");
  const journalOption = lastFlag(args, "journal");
  // Before spending a task: a --save directory that cannot exist is bad usage, not a lost download.
  if (save !== undefined) await ensureSaveDirectory(save, context.io.cwd);
  const journal = openJournal(context);
  const session = await openSession(sessionOptions(args), context.io, context.output);
  try {
    const handle = await submitTask(session, journal, submission, {
      ...(context.io.signal ? { signal: context.io.signal } : {}),
    });
    const { output } = context;
    output.info(output.style.dim(`submitted ${handle.model} ${handle.taskId}`));
    output.debug(`journal: ${journal.path}`);
    return await followTask(context, session, journal, handle, submission.model, {
      ...(save !== undefined ? { save } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(journalOption !== undefined ? { journalOption } : {}),
    });
  } finally {
    await session.close();
  }
}
