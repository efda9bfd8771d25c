import type { Provider, SubmitOptions, TaskHandle } from "@apixo-ts/client";
import { CliError } from "./cli-error.js";
import { ExitCode } from "./exit-codes.js";
import { type Journal, submittedEntry } from "./journal.js";
import type { Submission } from "./prepare-submission.js";
import type { Session } from "./session.js";

/**
 * Submits a checked input and appends the handle to the journal before anything else happens.
 * The submit is not tied to Ctrl-C: once the request is on its way the task may exist, so the
 * handle must be read and recorded; an interrupt is honoured right after.
 */
export async function submitTask(
  session: Session,
  journal: Journal,
  submission: Submission,
  options: { callbackUrl?: string; signal?: AbortSignal } = {},
): Promise<TaskHandle> {
  const { callbackUrl, signal } = options;
  // Interrupted before the request left: nothing exists yet, nothing to resume.
  if (signal?.aborted) {
    throw new CliError(
      "interrupted before the task was submitted; nothing was sent",
      ExitCode.interrupted,
    );
  }
  // The provider was checked against the contract's `Provider` values in prepareSubmission.
  const submitOptions: SubmitOptions = {
    ...(submission.provider !== undefined ? { provider: submission.provider as Provider } : {}),
    ...(callbackUrl !== undefined ? { callbackUrl } : {}),
  };
  const handle = await session.apixo.submit(submission.modelId, submission.input, submitOptions);
  await journal.append(submittedEntry(session, handle));
  return handle;
}
