import { mkdir, stat, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { FileError, onFile } from "./file-error.js";

/**
 * Creates the destination's directory and refuses, before anything is downloaded, a destination
 * that is a directory (the final rename could only fail). Throws a {@link FileError}.
 */
export async function prepareDestination(destinationPath: string): Promise<void> {
  await onFile("create directory", undefined, () =>
    mkdir(dirname(destinationPath), { recursive: true }),
  );
  if ((await stat(destinationPath).catch(() => undefined))?.isDirectory()) {
    const isDirectory = Object.assign(new Error("it is a directory"), { code: "EISDIR" });
    throw new FileError("write", isDirectory, destinationPath);
  }
}

/**
 * Where a resume may continue: the bytes counted as written. A failed attempt may have left more
 * on disk (a write that failed midway); those are cut off, since nothing says they are right. A
 * file shorter than counted (changed by someone else) starts over.
 */
export async function resumePoint(temp: string, received: number): Promise<number> {
  const { size } = await onFile("check", undefined, () => stat(temp));
  const keep = size >= received ? received : 0;
  if (size !== keep) await onFile("truncate", undefined, () => truncate(temp, keep));
  return keep;
}
