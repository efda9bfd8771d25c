import { ExitCode, type ExitCodeValue } from "./exit-codes.js";

/**
 * An error the CLI reports itself: a one-line message, optional hint lines, and the exit code.
 * Thrown anywhere inside a command; `main` prints it and returns the code.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Bad usage or input (exit 2), detected before any request is sent. */
export function usageError(message: string, hints: readonly string[] = []): CliError {
  return new CliError(message, ExitCode.usage, hints);
}
