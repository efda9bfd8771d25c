import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { usageError } from "./cli-error.js";

/**
 * Creates the `--save` directory (and its parents) before anything is submitted: a directory that
 * cannot exist — a path through a file, no permission — is bad usage (exit 2), not a task that was
 * paid for and then could not be saved. Returns the absolute path.
 */
export async function ensureSaveDirectory(save: string, cwd: string): Promise<string> {
  const directory = resolve(cwd, save);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw usageError(`--save ${save}: cannot create that directory (${code})`, [
      "pick a directory you can write to; nothing was submitted",
    ]);
  }
  return directory;
}
