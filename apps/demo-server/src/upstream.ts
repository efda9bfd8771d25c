/**
 * The slice of the `@apixo-ts/client` API the demo uses. Declared structurally so tests and
 * `main.ts` can pass the real client, and nothing else of it leaks into the app.
 */

/** A submitted task, as `apixo.submit()` returns it. */
export interface UpstreamHandle {
  model: string;
  taskId: string;
}

/** A normalised task, as `apixo.status()` returns it. */
export interface UpstreamTask {
  model: string;
  taskId: string;
  state: string;
  resultUrls: string[];
  failCode?: string;
  failMsg?: string;
}

/** The upstream client (the real `createApixo()` result fits). */
export interface UpstreamClient {
  submit(
    model: string,
    input: Record<string, unknown>,
    options: { callbackUrl?: string },
  ): Promise<UpstreamHandle>;
  status(handle: UpstreamHandle): Promise<UpstreamTask>;
}
