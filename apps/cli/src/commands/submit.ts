import { lastFlag } from "../internal/argv.js";
import type { CommandContext } from "../internal/command.js";
import { openJournal, sessionOptions } from "../internal/command-args.js";
import { ExitCode } from "../internal/exit-codes.js";
import { prepareSubmission } from "../internal/prepare-submission.js";
import { openSession } from "../internal/session.js";
import { submitTask } from "../internal/submit-task.js";
import { findCommand } from "./registry.js";

/** `apixo submit <model> [input flags]`: submit, journal and print the handle; do not wait. */
export async function execute(context: CommandContext): Promise<number> {
  const command = findCommand("submit");
  if (!command) throw new Error("submit is not registered");
  const submission = await prepareSubmission(context, command);
  if (!submission) return ExitCode.ok;
  const { args } = submission;
  const { output } = context;
  const journal = openJournal(context);
  const session = await openSession(sessionOptions(args), context.io, output);
  try {
    const callbackUrl = lastFlag(args, "callback-url");
    const handle = await submitTask(session, journal, submission, {
      ...(callbackUrl !== undefined ? { callbackUrl } : {}),
      ...(context.io.signal ? { signal: context.io.signal } : {}),
    });
    output.result(`${handle.model} ${handle.taskId}`);
    output.info(output.style.dim(`follow it with: apixo wait ${handle.model} ${handle.taskId}`));
    if (session.emulator) {
      output.warn(
        "the in-process emulator stops with this command: the task will not be reachable",
      );
    }
    output.json({ ok: true, handle, ...(session.emulator ? { emulator: session.emulator } : {}) });
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
