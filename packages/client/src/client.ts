import { ApiError } from "./errors.js";
import { MAY_EXIST_HINT } from "./internal/api-error-factory.js";
import {
  type BalanceData,
  balanceRequest,
  type SubmitData,
  statusRequest,
  submitRequest,
} from "./internal/api-requests.js";
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
  /** Retries of this submit (only where it is safe, see `submit`). @default the client's `maxRetries` */
  maxRetries?: number;
}

/** Options of a status read. */
export interface StatusOptions {
  /** Aborts the read (and its retries). */
  signal?: AbortSignal;
  /** Retries of this read. @default the client's `maxRetries` */
  maxRetries?: number;
}

/**
 * The client returned by {@link createApixo}. For operations it does not cover, the typed
 * openapi-fetch client is `createRawClient` from `@apixo-ts/client/raw`.
 */
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
  const { log } = resolved;
  const send = createTransport(resolved);

  const status = async <M extends string>(
    handle: TaskHandle<M>,
    { signal, maxRetries }: StatusOptions = {},
  ) => {
    const { model, taskId } = handle;
    const data = await send({
      request: statusRequest(model, { taskId }),
      label: `status ${model}`,
      fields: { taskId },
      signal,
      maxRetries,
    });
    return toTask(handle, data);
  };

  const submit = async <M extends AnyModelId>(
    model: M,
    input: ModelInput<M>,
    { callbackUrl, provider, signal, maxRetries }: SubmitOptions = {},
  ) => {
    const data = await send({
      request: submitRequest(model, {
        request_type: callbackUrl ? "callback" : "async",
        callback_url: callbackUrl,
        provider,
        input,
      }),
      label: `submit ${model}`,
      fields: { model },
      signal,
      maxRetries,
    });
    const taskId = (data as Partial<SubmitData> | undefined)?.taskId;
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
    balance: async ({ signal, maxRetries }: StatusOptions = {}) => {
      const data = await send({ request: balanceRequest, label: "balance", signal, maxRetries });
      if (typeof data !== "number")
        throw new ApiError("APIXO sent no balance.", { status: 200, body: data });
      return data satisfies BalanceData;
    },
  };
}
