import { CliError } from "./cli-error.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";

/** The exit code and the lines to print for an error thrown by a command or by the client. */
export interface ErrorReport {
  exitCode: ExitCodeValue;
  /** The error class, for `--json` (`TaskFailedError`, `AuthenticationError`, `CliError`, ...). */
  type: string;
  message: string;
  hints: readonly string[];
}

const hintsByName: Record<string, string> = {
  AuthenticationError: "check APIXO_API_KEY (or --api-key)",
  InsufficientBalanceError: "top up the balance of this key; `apixo balance` shows it",
  RateLimitError: "too many requests: wait a little, then try again",
  ConnectionError: "check the network and --base-url / APIXO_BASE_URL",
};

/** Replaces every occurrence of the API key in a text (keys shorter than 4 characters are not real). */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join("***") : text;
}

/**
 * Maps an error to an exit code. Client errors are recognised by their class name (every client
 * error sets `name` to its class), so this module needs no import of the client: 1 for a failed
 * task, 4 for a passed wait deadline, 130 for an abort, 2 for a 400 (the API refused the input),
 * 3 for any other API, authentication, network or download error.
 */
export function exitForError(error: unknown, secret?: string): ErrorReport {
  const redact = (text: string): string => redactSecret(text, secret);
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      type: error.name,
      message: redact(error.message),
      hints: error.hints.map(redact),
    };
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = redact(error instanceof Error ? error.message : String(error));
  const hint = hintsByName[name];
  const hints = hint ? [hint] : [];
  switch (name) {
    case "TaskFailedError":
      return { exitCode: ExitCode.taskFailed, type: name, message, hints };
    case "WaitTimeoutError":
      return { exitCode: ExitCode.timeout, type: name, message, hints };
    case "AbortError":
      return { exitCode: ExitCode.interrupted, type: name, message, hints };
    case "BadRequestError":
      return { exitCode: ExitCode.usage, type: name, message, hints };
    default:
      return { exitCode: ExitCode.api, type: name, message, hints };
  }
}
