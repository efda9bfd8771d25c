import type { Task, TaskHandle } from "@apixo-ts/client";
import { type Journal, stateEntry } from "./journal.js";

/** How one task's download ended: the saved paths, or the error. */
export type DownloadResult = { saved: string[] } | { error: unknown };

/** Saves a task's outputs into a directory; `saveOutputs` from `save-outputs.ts`. */
export type SaveOutputs = (
  task: Task,
  directory: string,
  options: { signal?: AbortSignal },
) => Promise<string[]>;

/** The downloads of a batch, started as each task succeeds. */
export interface BatchDownloads {
  /** Queues the download of a task that just succeeded (never throws; see {@link result}). */
  start(handle: TaskHandle, task: Task): void;
  /** The download of a task, once started. */
  result(taskId: string): Promise<DownloadResult> | undefined;
  /** Resolves once every started download has ended. */
  settled(): Promise<void>;
}

/**
 * Runs at most `limit` of the given jobs at once, in the order they were queued. A finished job
 * hands its slot straight to the next queued one, so a job started in between cannot slip in too.
 */
export function createLimiter(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    const next = queue.shift();
    if (next)
      next(); // the slot passes to `next`: `running` stays the same
    else running--;
  };
  return async (job) => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await job();
    } finally {
      release();
    }
  };
}

/**
 * Downloads each task's outputs as soon as that task succeeds — not once the whole batch has
 * settled, so an interrupted or crashed batch keeps what finished — with at most `concurrency`
 * downloads at once. Each saved set is journaled right away.
 */
export function createBatchDownloads(options: {
  directory: string;
  concurrency: number;
  saveOutputs: SaveOutputs;
  journal: Journal;
  signal?: AbortSignal;
}): BatchDownloads {
  const { directory, saveOutputs, journal, signal } = options;
  const limit = createLimiter(options.concurrency);
  const results = new Map<string, Promise<DownloadResult>>();
  const download = async (handle: TaskHandle, task: Task): Promise<DownloadResult> => {
    try {
      const saved = await saveOutputs(task, directory, signal ? { signal } : {});
      await journal.append(
        stateEntry(handle, {
          state: task.state,
          saved,
        }),
      );
      return { saved };
    } catch (error) {
      return { error };
    }
  };
  return {
    start(handle, task) {
      results.set(
        handle.taskId,
        limit(() => download(handle, task)),
      );
    },
    result: (taskId) => results.get(taskId),
    settled: async () => {
      await Promise.all(results.values());
    },
  };
}
