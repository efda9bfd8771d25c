import createClient, { type Client } from "openapi-fetch";
import { ApiError, ApixoError } from "./errors.js";
import { MODELS } from "./generated/models.js";
import type { paths } from "./generated/schema.js";
import { MAY_EXIST_HINT } from "./internal/api-error-factory.js";
import { createTransport } from "./internal/transport.js";
import type { AnyModelId, ModelInput, Provider } from "./model-types.js";
import { type ApixoOptions, resolveOptions } from "./options.js";
import { type Task, type TaskHandle, toTask } from "./task.js";
import { type WaitOptions, waitForTask } from "./wait.js";

/** Options of `submit`. */
export interface SubmitOptions {
  /** Public HTTPS URL that APIXO POSTs the result to; sets `request_type: "callback"`. */
  callbackUrl?: string;
  /** Routing strategy. @default the API's default, "auto" */
  provider?: Provider;
  /** Aborts the submit (and its retries). */
  signal?: AbortSignal;
}

/** Options of a status read. */
export interface StatusOptions {
  /** Aborts the read (and its retries). */
  signal?: AbortSignal;
}

/** The client returned by {@link createApixo}. */
export interface Apixo {
  /**
   * Submits a task and returns its handle at once. Resent only when the server surely did not
   * create it (429, 503, connection refused, DNS failure); otherwise the error's `taskMayExist`.
   */
  submit<M extends AnyModelId>(
    model: M,
    input: ModelInput<M>,
    options?: SubmitOptions,
  ): Promise<TaskHandle<M>>;
  /** Reads a task's state once (retried on transient failures). */
  status<M extends string>(handle: TaskHandle<M>, options?: StatusOptions): Promise<Task<M>>;
  /** Polls until the task succeeds; throws `TaskFailedError`, `WaitTimeoutError`, `AbortError`, ... */
  wait<M extends string>(handle: TaskHandle<M>, options?: WaitOptions): Promise<Task<M>>;
  /** `submit` then `wait`. */
  run<M extends AnyModelId>(
    model: M,
    input: ModelInput<M>,
    options?: SubmitOptions & WaitOptions,
  ): Promise<Task<M>>;
  /** Remaining balance of the API key, in USD. */
  balance(options?: StatusOptions): Promise<number>;
  /** The typed openapi-fetch client (auth and base URL set), for anything else. */
  raw: Client<paths>;
}

/**
 * Creates an APIXO client.
 * @example
 * const apixo = createApixo(); // reads APIXO_API_KEY
 * const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "A red fox" });
 * console.log(task.resultUrls);
 */
export function createApixo(options?: ApixoOptions): Apixo {
  const resolved = resolveOptions(options);
  const { apiKey, log } = resolved;
  const raw = createClient<paths>({ baseUrl: resolved.baseUrl, fetch: resolved.fetch });
  raw.use({
    onRequest({ request }) {
      if (!apiKey)
        throw new ApixoError(
          "No APIXO API key: pass createApixo({ apiKey }) or set APIXO_API_KEY.",
        );
      request.headers.set("Authorization", `Bearer ${apiKey}`);
      return request;
    },
  });
  const send = createTransport(resolved);

  const status = async <M extends string>(
    handle: TaskHandle<M>,
    statusOptions: StatusOptions = {},
  ) => {
    const { model, taskId } = handle;
    const data = await send({
      operation: "read",
      label: `status ${model}`,
      fields: { taskId },
      signal: statusOptions.signal,
      send: (signal) =>
        raw.GET("/api/v1/statusTask/{model}", {
          params: { path: { model }, query: { taskId } },
          parseAs: "text",
          signal,
        }),
    });
    return toTask(handle, data);
  };

  const submit = async <M extends AnyModelId>(
    model: M,
    input: ModelInput<M>,
    submitOptions: SubmitOptions = {},
  ) => {
    const { callbackUrl, provider } = submitOptions;
    const body = {
      request_type: callbackUrl ? "callback" : "async",
      ...(callbackUrl ? { callback_url: callbackUrl } : {}),
      ...(provider ? { provider } : {}),
      input,
    } as const;
    const data = await send({
      operation: "submit",
      label: `submit ${model}`,
      fields: { model },
      signal: submitOptions.signal,
      send: (signal) =>
        raw.POST("/api/v1/generateTask/{model}", {
          params: { path: { model } },
          body: body as never,
          parseAs: "text",
          signal,
        }),
    });
    const taskId = (data as { taskId?: unknown } | undefined)?.taskId;
    if (typeof taskId !== "string" || !taskId) {
      throw new ApiError(`APIXO accepted the submit but sent no taskId.${MAY_EXIST_HINT}`, {
        status: 200,
        body: data,
        taskMayExist: true,
      });
    }
    log("info", "task submitted", { model, taskId });
    return { model, taskId };
  };

  const wait = <M extends string>(handle: TaskHandle<M>, waitOptions?: WaitOptions) =>
    waitForTask(
      {
        status: (task, signal) => status(task, { signal }),
        clock: resolved.clock,
        log,
        expectedMs: (model) =>
          Object.hasOwn(MODELS, model) ? (MODELS[model]?.expectedMs ?? 0) : 0,
      },
      { model: handle.model, taskId: handle.taskId },
      waitOptions,
    ) as Promise<Task<M>>;

  return {
    submit,
    status,
    wait,
    run: async (model, input, runOptions) =>
      wait(await submit(model, input, runOptions), runOptions),
    balance: async (balanceOptions = {}) => {
      const data = await send({
        operation: "read",
        label: "balance",
        signal: balanceOptions.signal,
        send: (signal) => raw.GET("/api/v1/apikeys/current-balance", { parseAs: "text", signal }),
      });
      if (typeof data !== "number") {
        throw new ApiError("APIXO sent a balance that is not a number.", {
          status: 200,
          body: data,
        });
      }
      return data;
    },
    raw,
  };
}
