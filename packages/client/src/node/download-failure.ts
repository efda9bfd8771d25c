import { DownloadError } from "./download-error.js";
import { FileError } from "./file-error.js";
import { ProtocolError } from "./http1-error.js";

/**
 * Whether another attempt may help: a network failure mid-transfer, a truncated body, a 408/429/5xx.
 * Not a malformed answer (the same server answers the same) nor a local file error (a full disk, a
 * directory in the way or a missing permission stay so).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ProtocolError) return false; // the same server would answer the same
  if (error instanceof FileError) return false; // a full disk or a directory stays so
  if (!DownloadError.isInstance(error)) return true; // network failure mid-transfer
  const { status } = error;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * The error a failed download ends with: a {@link DownloadError} whose message says what to do
 * (local file problems name the path and the fix; network ones the attempts made).
 */
export function asDownloadError(
  error: unknown,
  url: string,
  destinationPath: string,
  attempt: number,
): unknown {
  if (DownloadError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof FileError) {
    return new DownloadError(
      `Could not save ${url} to ${destinationPath} (${reason}): ` +
        `${error.hint(destinationPath)}. Not retried: the problem is on this machine.`,
      { url, cause: error },
    );
  }
  const hint =
    error instanceof ProtocolError
      ? "the server's answer was refused"
      : `after ${attempt + 1} attempt(s); check the network`;
  return new DownloadError(`Download of ${url} failed (${reason}): ${hint}.`, {
    url,
    cause: error,
  });
}
