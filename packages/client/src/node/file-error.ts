/**
 * A local file operation of a download failed (`mkdir`, `open`, `write`, `stat`, `rename`…): the
 * disk is full, the destination is a directory, a permission is missing. Kept apart from network
 * errors because trying the download again cannot help: it is never retried.
 */
export class FileError extends Error {
  /** What was being done: `"write"`, `"rename"`… */
  readonly operation: string;
  /** The system error code (`ENOSPC`, `EISDIR`, `EACCES`…), when there is one. */
  readonly code: string | undefined;

  constructor(operation: string, cause: unknown, detail?: string) {
    const code = codeOf(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`could not ${operation}${detail ? ` ${detail}` : ""}: ${reason}`, { cause });
    this.name = "FileError";
    this.operation = operation;
    this.code = code;
  }

  /** What the user can do about it, by error code. */
  hint(destinationPath: string): string {
    switch (this.code) {
      case "EISDIR":
        return `${destinationPath} is a directory: give a file path`;
      case "ENOSPC":
      case "EDQUOT":
      case "EFBIG":
        return "the disk (or your quota) is full: free some space";
      case "EACCES":
      case "EPERM":
      case "EROFS":
        return "no permission to write there: choose a writable directory";
      case "ENOENT":
      case "ENOTDIR":
      case "EEXIST":
        return `a parent of ${destinationPath} is missing or is not a directory`;
      default:
        return `check ${destinationPath} and its disk`;
    }
  }
}

/** Runs the file operation `run`, turning its failure into a {@link FileError}. */
export async function onFile<T>(
  operation: string,
  detail: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof FileError ? error : new FileError(operation, error, detail);
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
