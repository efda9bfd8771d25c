import { mkdir } from "node:fs/promises";
import type { Task } from "@apixo-ts/client";
import { type DownloadOptions, downloadTask } from "@apixo-ts/client/node";

/**
 * Streams every output of a successful task into `directory` as `<taskId>-<n>.<ext>` with the
 * client's `downloadTask` (temporary file, retries, size check, rename). Returns the saved paths.
 * Loaded only when `--save` is given.
 */
export async function saveOutputs(
  task: Task,
  directory: string,
  options: Pick<DownloadOptions, "signal" | "onProgress"> = {},
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  return downloadTask(task, directory, options);
}
