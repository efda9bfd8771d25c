import { extname } from "node:path";
import { MODEL_KINDS } from "../generated/models.js";
import type { Task } from "../task.js";
import { DownloadError } from "./download-error.js";

const EXTENSIONS: Record<string, string> = { image: ".png", video: ".mp4", audio: ".mp3" };
/** An extension taken from a URL must look like one (`.png`, `.webm`), nothing else. */
const EXTENSION = /^\.[A-Za-z0-9]{1,8}$/;

/**
 * The file name of output `index` (0-based) of `task`: `<taskId>-<n>.<ext>`, the extension from
 * the URL's path if it is a plain one, else from the model's kind. The task id comes from the
 * server: one that is not a single safe path segment (a `/`, `\`, a control character, or
 * nothing) is refused with a {@link DownloadError} rather than let it name a file outside the
 * directory.
 */
export function outputName(task: Task, index: number, url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    throw new DownloadError(`Task ${task.taskId} has an invalid result URL: ${url.slice(0, 200)}`, {
      url,
    });
  }
  if (task.taskId === "" || /[/\\\p{Cc}]/u.test(task.taskId)) {
    throw new DownloadError(
      `Task id ${JSON.stringify(task.taskId.slice(0, 80))} cannot name a file: refusing to download.`,
      { url },
    );
  }
  const fromUrl = extname(pathname);
  const kind = Object.hasOwn(MODEL_KINDS, task.model) ? MODEL_KINDS[task.model] : undefined;
  const extension = EXTENSION.test(fromUrl) ? fromUrl : (kind && EXTENSIONS[kind]) || "";
  return `${task.taskId}-${index + 1}${extension}`;
}
