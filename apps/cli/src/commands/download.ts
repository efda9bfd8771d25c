import { resolve } from "node:path";
import { lastFlag } from "../internal/argv.js";
import { CliError, usageError } from "../internal/cli-error.js";
import type { CommandContext } from "../internal/command.js";
import {
  assertKnownFlags,
  openJournal,
  sessionOptions,
  takePositionals,
} from "../internal/command-args.js";
import { ExitCode } from "../internal/exit-codes.js";
import { failureText } from "../internal/failure-text.js";
import { stateEntry } from "../internal/journal.js";
import { warnIfTaskLivesElsewhere } from "../internal/journal-hints.js";
import { createDownloadProgress } from "../internal/progress.js";
import { openSession } from "../internal/session.js";

/**
 * `apixo download <model> <taskId> --save DIR`: reads the task and streams every output to
 * `DIR/<taskId>-<n>.<ext>` (temporary file, size check, rename). A failed task exits 1; one that
 * is still running exits 4 and names the command that waits for it and downloads.
 */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output, io } = context;
  assertKnownFlags(args, ["save"]);
  const usage = "apixo download <model> <taskId> --save DIR";
  const [model, taskId] = takePositionals(args, ["model", "taskId"], usage) as [string, string];
  const save = lastFlag(args, "save");
  if (!save) throw usageError("--save DIR is required", [`usage: ${usage}`]);
  const session = await openSession(sessionOptions(args), io, output);
  try {
    await warnIfTaskLivesElsewhere(openJournal(context), session, output, { model, taskId });
    const task = await session.apixo.status({ model, taskId });
    if (task.state === "failed") {
      throw new CliError(
        `${model} ${taskId} failed: ${failureText(task)}; it has no outputs`,
        ExitCode.taskFailed,
      );
    }
    if (task.state !== "success") {
      throw new CliError(`task ${taskId} is still ${task.state}`, ExitCode.timeout, [
        `wait for it and download: apixo wait ${model} ${taskId} --save ${save}`,
      ]);
    }
    const { saveOutputs } = await import("../internal/save-outputs.js");
    const progress = createDownloadProgress(output);
    let saved: string[];
    try {
      saved = await saveOutputs(task, resolve(io.cwd, save), {
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
    await openJournal(context).append(
      stateEntry(
        { model, taskId },
        {
          state: task.state,
          saved,
        },
      ),
    );
    for (const path of saved) output.result(path);
    output.json({ ok: true, task, saved });
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}
