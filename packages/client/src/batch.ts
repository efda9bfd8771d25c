import {
  DEFAULT_RATE_CONFIG,
  initialRateState,
  nextSubmitDelay,
  type RateControllerConfig,
  type RateState,
  reduceRate,
} from "./batch-rate.js";
import type { SubmitOptions } from "./client.js";
import { systemClock } from "./clock.js";
import {
  AbortError,
  ApixoError,
  ConnectionError,
  RateLimitError,
  ServiceUnavailableError,
} from "./errors.js";
import type { AnyModelId, ModelId, ModelInput, Provider } from "./model-types.js";
import { parseRetryAfter } from "./retry-policy.js";
import type { Task, TaskHandle } from "./task.js";
import type { WaitOptions } from "./wait.js";

/** The part of the client a batch needs: `submit` and `wait`. `apixo` itself fits. */
export interface BatchClient {
  submit(model: string, input: never, options?: SubmitOptions): Promise<TaskHandle>;
  wait(handle: TaskHandle, options?: WaitOptions): Promise<Task>;
}

/** One task of a batch, typed per model like `submit`: what `run(model, input, options)` takes. */
export type BatchItem = { [M in ModelId]: BatchItemOf<M> }[ModelId] | BatchItemOf<string & {}>;

/** A batch item for model `M`. */
export interface BatchItemOf<M extends AnyModelId> {
  /** Model id, e.g. `"nano-banana"`. */
  model: M;
  /** The model's input. */
  input: ModelInput<M>;
  /** Callback mode for this task (`request_type: "callback"`). */
  callbackUrl?: string;
  /** Routing strategy. */
  provider?: Provider;
}

/** The `wait` options every task of the batch uses; the batch supplies `signal`. */
export type BatchWaitOptions = Omit<WaitOptions, "signal">;

/** The outcome of one item, `Promise.allSettled` style. `handle` is set once the task was submitted. */
export type BatchOutcome =
  | { index: number; status: "fulfilled"; task: Task; handle: TaskHandle }
  | { index: number; status: "rejected"; error: unknown; handle?: TaskHandle };

/** A progress report, sent after each item settles ("12/50"). */
export interface BatchProgress {
  /** Items settled so far, fulfilled or rejected. */
  done: number;
  /** Items in the batch. */
  total: number;
  /** Items whose task succeeded. */
  fulfilled: number;
  /** Items that failed: refused submit, failed task, deadline, abort. */
  rejected: number;
  /** Tasks submitted by this batch so far (resumed handles not counted). */
  submitted: number;
  /** Current submit-rate limit in submits per second, or `undefined` while unlimited. */
  submitRate: number | undefined;
}

/** Options of {@link batch}. */
export interface BatchOptions {
  /** Most tasks in flight (submitting or waiting) at once. @default 8 */
  concurrency?: number;
  /** Stops the batch: no new submits, waits are abandoned; settled items keep their outcome. */
  signal?: AbortSignal;
  /** Called after each item settles. */
  onProgress?: (progress: BatchProgress) => void;
  /** Called (and awaited) right after a submit, before waiting: journal the handle here. */
  onSubmit?: (handle: TaskHandle, index: number) => void | Promise<void>;
  /** Handles of an earlier, interrupted run of the same items, by index: these are waited for, not resubmitted. */
  handles?: Readonly<Record<number, TaskHandle | undefined>>;
  /** Options for each task's `wait`, or a function of the item (e.g. a per-model `poll`). */
  wait?: BatchWaitOptions | ((item: BatchItem, index: number) => BatchWaitOptions);
  /**
   * How often one item's submit is re-queued after a refusal that surely created no task (429, 503,
   * connection refused). Submits are sent with `maxRetries: 0`, so every refusal reaches the
   * adaptive rate first. @default 20
   */
  maxRequeues?: number;
  /** Tuning of the adaptive submit rate. */
  rate?: Partial<RateControllerConfig>;
}

/**
 * Runs many tasks (submit + wait) with a concurrency cap and an adaptive submit rate that slows
 * down on 429 / `Retry-After` and speeds up again. Never rejects for one task: it resolves with one
 * outcome per item, in item order. After an abort, unfinished items are rejected with `AbortError`,
 * with their `handle` when they were submitted, so `handles` can resume them later.
 * @example
 * const outcomes = await batch(apixo, prompts.map((prompt) => ({ model: "nano-banana", input: { prompt } })), {
 *   concurrency: 16,
 *   onProgress: ({ done, total }) => console.error(`${done}/${total}`),
 * });
 */
export async function batch(
  apixo: BatchClient,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<BatchOutcome[]> {
  const config: RateControllerConfig = { ...DEFAULT_RATE_CONFIG, ...options.rate };
  const maxRequeues = options.maxRequeues ?? 20;
  const concurrency = Math.floor(options.concurrency ?? 8);
  if (!(concurrency >= 1))
    throw new ApixoError(`batch: concurrency must be 1 or more, not ${options.concurrency}.`);
  const signal = options.signal;
  const outcomes: BatchOutcome[] = new Array(items.length);
  const counts = { done: 0, fulfilled: 0, rejected: 0, submitted: 0 };
  let rate: RateState = initialRateState(config);
  let nextIndex = 0;
  let progressError: { error: unknown } | undefined;

  const settle = (outcome: BatchOutcome): void => {
    outcomes[outcome.index] = outcome;
    counts.done += 1;
    counts[outcome.status] += 1;
    if (!options.onProgress || progressError) return;
    const submitRate = Number.isFinite(rate.rate) ? rate.rate : undefined;
    try {
      options.onProgress({ ...counts, total: items.length, submitRate });
    } catch (error) {
      progressError = { error }; // reported once every worker has stopped
    }
  };

  // Books the next submit slot before sleeping, so concurrent workers space out instead of bursting;
  // a Retry-After pause that starts while asleep sends the worker back for a new slot.
  const reserveSlot = async (): Promise<void> => {
    for (;;) {
      const now = Date.now();
      const delay = nextSubmitDelay(rate, now);
      rate = reduceRate(rate, { type: "sent", at: now + delay }, config);
      await sleep(delay, signal);
      if (rate.pausedUntil <= Date.now()) return;
    }
  };

  // Submits one item, re-queueing it while the server answers 429/503 (no task was created).
  // The submit itself is not tied to the signal: once it is on its way the task may exist, so
  // its handle is read and reported (onSubmit, outcome) and the abort is honoured right after.
  const submit = async (item: BatchItem): Promise<TaskHandle> => {
    for (let requeues = 0; ; requeues += 1) {
      await reserveSlot();
      const sentAt = Date.now();
      try {
        const { model, input, callbackUrl, provider } = item;
        // No retries inside submit: every refusal reaches the rate controller at once, and the
        // item is re-queued here instead.
        const handle = await apixo.submit(model, input as never, {
          callbackUrl,
          provider,
          maxRetries: 0,
        });
        rate = reduceRate(rate, { type: "accepted", at: Date.now() }, config);
        return handle;
      } catch (error) {
        if (!isBackPressure(error) || !(requeues < maxRequeues)) throw error; // NaN: none
        const retryAfter = (error as { headers?: Headers }).headers?.get("retry-after");
        const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
        rate = reduceRate(
          rate,
          { type: "rateLimited", at: Date.now(), sentAt, retryAfterMs },
          config,
        );
      }
    }
  };

  const runItem = async (index: number, item: BatchItem): Promise<void> => {
    let handle = options.handles?.[index];
    try {
      if (signal?.aborted) throw abortError();
      if (!handle) {
        handle = await submit(item);
        counts.submitted += 1;
        await options.onSubmit?.(handle, index);
      }
      if (signal?.aborted) throw abortError(signal.reason);
      const waitOptions =
        typeof options.wait === "function" ? options.wait(item, index) : options.wait;
      const task = await apixo.wait(handle, { ...waitOptions, signal });
      settle({ index, status: "fulfilled", task, handle });
    } catch (error) {
      const reason = signal?.aborted && !ApixoError.isInstance(error) ? abortError(error) : error;
      settle(
        handle
          ? { index, status: "rejected", error: reason, handle }
          : { index, status: "rejected", error: reason },
      );
    }
  };

  const worker = async (): Promise<void> => {
    while (nextIndex < items.length && !progressError) {
      const index = nextIndex++;
      await runItem(index, items[index] as BatchItem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (progressError) throw new BatchCallbackError(progressError.error, outcomes);
  return outcomes;
}

/**
 * `batch` stopped because `onProgress` threw: no item was started after that, the items in flight
 * were settled, and the error rejects the batch. `outcomes` holds what settled (a sparse array by
 * item index; items never started are missing), so their handles can resume the rest.
 */
export class BatchCallbackError extends ApixoError {
  static override readonly errorName: string = "BatchCallbackError";
  /** The outcomes of the items that settled, by item index. */
  declare readonly outcomes: BatchOutcome[];

  constructor(cause: unknown, outcomes: BatchOutcome[]) {
    super(
      `batch: onProgress threw (${String((cause as Error | undefined)?.message ?? cause)}), so no new item was started. ` +
        "The settled items are in error.outcomes: pass their handles as `handles` to resume.",
      { cause },
    );
    Object.assign(this, { outcomes });
  }
}

/**
 * The task surely was not created, so the item may be submitted again: 429, 503, or a connection
 * failure before the request was sent (refused, DNS).
 */
function isBackPressure(error: unknown): boolean {
  return (
    RateLimitError.isInstance(error) ||
    ServiceUnavailableError.isInstance(error) ||
    (ConnectionError.isInstance(error) && !error.taskMayExist)
  );
}

function abortError(cause?: unknown): AbortError {
  return new AbortError(
    "The batch was aborted; pass the handles of its outcomes as `handles` to resume it.",
    { cause },
  );
}

/** Resolves after `ms`, or rejects with an `AbortError` when the signal fires first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return systemClock.sleep(ms, signal).catch((reason: unknown) => {
    throw abortError(reason);
  });
}
