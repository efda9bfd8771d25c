import createClient, { type Client } from "openapi-fetch";
import { ApiError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { MAY_EXIST_HINT } from "./internal/api-error-factory.js";
import { type Call, createTransport, type SendResult } from "./internal/transport.js";
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
  const raw = createClient<paths>({
    baseUrl: resolved.baseUrl,
    fetch: resolved.fetch,
    headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
  });
  const send = createTransport(resolved);
  // One untyped door into openapi-fetch for the three calls; their types are checked by tests.
  const request = raw.request as unknown as (
    method: string,
    path: string,
    init: object,
  ) => Promise<SendResult>;
  const call = (call: Omit<Call, "send">, method: string, path: string, init: object) =>
    send({
      ...call,
      send: (signal) => request(method, path, { ...init, parseAs: "text", signal }),
    });

  const status = async <M extends string>(
    handle: TaskHandle<M>,
    { signal }: StatusOptions = {},
  ) => {
    const { model, taskId } = handle;
    const params = { path: { model }, query: { taskId } };
    const data = await call(
      { operation: "read", label: `status ${model}`, fields: { taskId }, signal },
      "GET",
      "/api/v1/statusTask/{model}",
      { params },
    );
    return toTask(handle, data);
  };

  const submit = async <M extends AnyModelId>(
    model: M,
    input: ModelInput<M>,
    submitOptions: SubmitOptions = {},
  ) => {
    const { callbackUrl, provider, signal } = submitOptions;
    const body = {
      request_type: callbackUrl ? "callback" : "async",
      callback_url: callbackUrl,
      provider,
      input,
    };
    const data = await call(
      { operation: "submit", label: `submit ${model}`, fields: { model }, signal },
      "POST",
      "/api/v1/generateTask/{model}",
      { params: { path: { model } }, body },
    );
    const taskId = (data as { taskId?: unknown } | undefined)?.taskId;
    if (typeof taskId !== "string" || !taskId) {
      throw new ApiError(`APIXO sent no taskId.${MAY_EXIST_HINT}`, {
        status: 200,
        body: data,
        taskMayExist: true,
      });
    }
    log("info", "submitted", { model, taskId });
    return { model, taskId };
  };

  const wait = <M extends string>(handle: TaskHandle<M>, waitOptions?: WaitOptions) =>
    waitForTask(
      { status: (task, signal) => status(task, { signal }), clock: resolved.clock, log },
      { model: handle.model, taskId: handle.taskId },
      waitOptions,
    ) as Promise<Task<M>>;

  return {
    submit,
    status,
    wait,
    run: async (model, input, runOptions) =>
      wait(await submit(model, input, runOptions), runOptions),
    balance: async ({ signal }: StatusOptions = {}) => {
      const data = await call(
        { operation: "read", label: "balance", signal },
        "GET",
        "/api/v1/apikeys/current-balance",
        {},
      );
      if (typeof data !== "number")
        throw new ApiError("APIXO sent no balance.", { status: 200, body: data });
      return data;
    },
    raw,
  };
}
