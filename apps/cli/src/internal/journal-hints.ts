import type { Journal } from "./journal.js";
import type { Output } from "./output.js";
import { DEFAULT_BASE_URL, type Session } from "./session.js";

/**
 * Warns when the journal knows a task lives somewhere else than where this command is about to
 * look: on another API origin (pass `--base-url`), or on an in-process emulator that is gone.
 * The journal only advises: the key is never sent anywhere the user did not name.
 */
export async function warnIfTaskLivesElsewhere(
  journal: Journal,
  session: Session,
  output: Output,
  handle: { model: string; taskId: string },
): Promise<void> {
  let known: Awaited<ReturnType<Journal["find"]>>;
  try {
    known = await journal.find(handle.model, handle.taskId);
  } catch {
    return; // an unreadable journal must not stop a wait
  }
  // Only a `submitted` entry says where a task lives; a state seen by `apixo status` does not.
  if (!known?.submittedAt) return;
  if (known.emulator) {
    output.warn(
      `the journal says ${handle.taskId} ran on an emulator inside an earlier apixo command; it ended with it`,
    );
    return;
  }
  const origin = known.baseUrl ?? DEFAULT_BASE_URL;
  if (!session.emulator && origin !== session.baseUrl) {
    output.warn(
      `the journal says ${handle.taskId} was submitted to ${origin}; add --base-url ${origin}`,
    );
  }
}
