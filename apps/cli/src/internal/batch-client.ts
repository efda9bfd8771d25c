import type { Apixo, BatchOutcome, Task, TaskHandle } from "@apixo-ts/client";
import type { BatchDownloads } from "./batch-downloads.js";
import { type Journal, stateEntry } from "./journal.js";

/** The part of the client that `batch` drives: `apixo` itself, or a wrapper around it. */
export interface BatchClient {
  submit(model: string, input: never, options?: object): Promise<TaskHandle>;
  wait(handle: TaskHandle, options?: object): Promise<Task>;
}

/** The part of `batch(client, items, options)` from `@apixo-ts/client` this command uses. */
export type RunBatch = (
  client: BatchClient,
  items: { model: string; input: Record<string, unknown>; provider?: string }[],
  options: {
    concurrency: number;
    handles: Record<number, TaskHandle>;
    signal?: AbortSignal;
    wait: (item: unknown, index: number) => Record<string, unknown>;
    onSubmit: (handle: TaskHandle, index: number) => Promise<void>;
    onProgress: (progress: {
      done: number;
      total: number;
      fulfilled: number;
      rejected: number;
    }) => void;
  },
) => Promise<BatchOutcome[]>;

/** Loads the client's batch runner (with the client itself, only when a batch runs). */
export async function loadBatch(): Promise<RunBatch> {
  const client = (await import("@apixo-ts/client")) as unknown as { batch?: RunBatch };
  if (typeof client.batch !== "function") {
    throw new Error("this @apixo-ts/client has no batch(): install a version that has it");
  }
  return client.batch;
}

/**
 * The client as `batch` sees it: `wait` journals each success and starts its download right away
 * (downloads run beside the batch, bounded by their own limit).
 */
export function followingClient(
  apixo: Apixo,
  journal: Journal,
  downloads: BatchDownloads | undefined,
): BatchClient {
  return {
    submit: (model, input, options) =>
      apixo.submit(model as never, input, options as never) as Promise<TaskHandle>,
    wait: async (handle, options) => {
      const task = await apixo.wait(handle, options as never);
      await journal.append(
        stateEntry(handle, {
          state: task.state,
          resultUrls: task.resultUrls,
        }),
      );
      downloads?.start(handle, task);
      return task;
    },
  };
}
