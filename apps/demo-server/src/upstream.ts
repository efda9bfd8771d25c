import type { Task, TaskHandle } from "@apixo-ts/client";

/** A submitted task, as `apixo.submit()` returns it. */
export type UpstreamHandle = TaskHandle;

/** A normalised task, as `apixo.status()` returns it. */
export type UpstreamTask = Task;

/**
 * The slice of the `@apixo-ts/client` API the demo uses (the real `createApixo()` result fits).
 * Keeping it this narrow documents what the demo needs and keeps the rest of the client out.
 */
export interface UpstreamClient {
  submit(
    model: string,
    input: Record<string, unknown>,
    options: { callbackUrl?: string },
  ): Promise<TaskHandle>;
  status(handle: TaskHandle): Promise<Task>;
}
