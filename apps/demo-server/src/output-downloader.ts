import { mkdir } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { downloadTask } from "@apixo-ts/client/node";
import type { UpstreamTask } from "./upstream.js";

/** Downloads a finished task's outputs into the data directory. */
export interface OutputDownloader {
  /**
   * Downloads the result URLs of `task` (a task read from the upstream with our key, never a
   * callback body or user input) and resolves with the local file names.
   */
  download(task: UpstreamTask, signal?: AbortSignal): Promise<string[]>;
}

/** Options of {@link createOutputDownloader}. */
export interface OutputDownloaderOptions {
  /** Directory the files go to (`DATA_DIR/outputs`). */
  dir: string;
  /** The `fetch` used for downloads. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Raised when a task's outputs cannot be stored safely. */
export class UnsafeOutputError extends Error {
  override name = "UnsafeOutputError";
}

const SAFE_TASK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Creates the downloader on top of `downloadTask` from `@apixo-ts/client/node` (streaming,
 * temp file + rename, retries). Files are named `<taskId>-<n>.<ext>`, so a task id that is not a
 * plain token, or a URL that is not http(s), is refused before anything is fetched.
 */
export function createOutputDownloader(options: OutputDownloaderOptions): OutputDownloader {
  const dir = resolve(options.dir);
  return {
    async download(task, signal) {
      if (!SAFE_TASK_ID.test(task.taskId)) {
        throw new UnsafeOutputError(
          `Refusing to store outputs of task id ${JSON.stringify(task.taskId)}: not a plain token.`,
        );
      }
      for (const url of task.resultUrls) {
        const protocol = new URL(url).protocol;
        if (protocol !== "https:" && protocol !== "http:") {
          throw new UnsafeOutputError(
            `Refusing to download a ${protocol} result URL of task ${task.taskId}.`,
          );
        }
      }
      await mkdir(dir, { recursive: true });
      const paths = await downloadTask(task as Parameters<typeof downloadTask>[0], dir, {
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(signal ? { signal } : {}),
      });
      return paths.map((path) => {
        if (dirname(resolve(path)) !== dir) {
          throw new UnsafeOutputError(`Downloaded file ${path} is outside ${dir}.`);
        }
        return basename(path);
      });
    },
  };
}
