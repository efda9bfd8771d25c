import { CliError } from "./cli-error.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { redactSecrets } from "./secrets.js";

/** The exit code and the lines to print for an error thrown by a command or by the client. */
export interface ErrorReport {
  exitCode: ExitCodeValue;
  /**
   * The error class, for `--json` (`TaskFailedError`, `AuthenticationError`, `CliError`, ...);
   * `SystemError` for a file or socket error of the operating system, `InternalError` for a bug.
   */
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

/** The marker every `@apixo-ts/client` error carries (see `ApixoError.isInstance`). */
const CLIENT_ERROR_MARKER = Symbol.for("apixo.error");

/** Replaces every occurrence of the API key in a text (keys shorter than 4 characters are not real). */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? redactSecrets(text, [secret]) : text;
}

/** An error of the client (any copy of it), recognised by its `Symbol.for` marker. */
function isClientError(error: unknown): error is Error {
  return error instanceof Error && CLIENT_ERROR_MARKER in error;
}

/** An `AbortError` that is not the client's: the platform's, from `fetch` or `AbortSignal`. */
function isPlatformAbort(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "AbortError"
  );
}

/** An operating-system error (`EACCES`, `ENOSPC`, `EADDRINUSE`, ...): the machine's, not a bug. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === "string" &&
    typeof (error as NodeJS.ErrnoException).syscall === "string"
  );
}

/**
 * Maps an error to an exit code. Client errors are recognised by their marker and told apart by
 * class name, so this module needs no import of the client: 1 for a failed task, 4 for a passed
 * wait deadline, 130 for an abort, 2 for a 400 (the API refused the input), 3 for any other API,
 * authentication, network or download error, and for an operating-system error (a file that
 * cannot be written). Anything else is a bug in apixo: exit 70, saying so, never posing as an
 * API error.
 */
export function exitForError(
  error: unknown,
  secrets: string | readonly string[] = [],
): ErrorReport {
  const known = typeof secrets === "string" ? [secrets] : secrets;
  const redact = (text: string): string => redactSecrets(text, known);
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      type: error.name,
      message: redact(error.message),
      hints: error.hints.map(redact),
    };
  }
  const message = redact(error instanceof Error ? error.message : String(error));
  if (isPlatformAbort(error) && !isClientError(error)) {
    return { exitCode: ExitCode.interrupted, type: "AbortError", message, hints: [] };
  }
  if (isSystemError(error)) {
    return { exitCode: ExitCode.api, type: "SystemError", message, hints: [] };
  }
  if (!isClientError(error)) {
    const name = error instanceof Error ? error.name : typeof error;
    return {
      exitCode: ExitCode.internal,
      type: "InternalError",
      message: `internal error: ${name}: ${message}`,
      hints: [
        "this is a bug in apixo, not a problem with your input or the API",
        "please report it with the output of the same command run with --verbose",
      ],
    };
  }
  const name = error.name;
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
