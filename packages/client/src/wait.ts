import type { Clock } from "./clock.js";
import { ApiError, ConnectionError, RequestTimeoutError } from "./errors.js";
import { failCategory } from "./fail-category.js";
import { abortError } from "./internal/transport.js";
import type { Log } from "./logger.js";
import { modelTiming, type PollOverrides, pollDelay, pollingProfile } from "./polling-policy.js";
import { isTerminal, type Task, type TaskHandle } from "./task.js";
import { ResultParseError, TaskFailedError, WaitTimeoutError } from "./task-errors.js";

/**
 * A source of task callbacks (e.g. the webhook toolkit's receiver). `waitFor` resolves with the
 * callback payload (or a Task) for that task, and gives up when `signal` aborts.
 */
export interface CallbackSource {
  waitFor(handle: TaskHandle, signal: AbortSignal): Promise<unknown>;
}

/** Progress of a wait, passed to `onProgress` after each status read. */
export interface WaitProgress {
  /** Milliseconds since the wait started. */
  elapsedMs: number;
  /** Number of status reads so far (1 for the first). */
  attempt: number;
}

/** Options of `wait` (and the waiting half of `run`). */
export interface WaitOptions {
  /** Aborts the wait at once (also during sleeps) with an `AbortError`. The task goes on remotely. */
  signal?: AbortSignal;
  /** Hard deadline of the whole wait. @default the model's polling profile `timeoutMs` */
  timeoutMs?: number;
  /** Called after every status read, with the task as read. */
  onProgress?: (task: Task, progress: WaitProgress) => void;
  /** Overrides of the model's polling profile for this call. */
  poll?: PollOverrides;
  /**
   * Race a callback against polling: polling then starts only after the model's expected run
   * time. A terminal callback triggers one authoritative status read; its body is never trusted.
   */
  callback?: CallbackSource;
}

/** What `waitForTask` needs from the client. */
export interface WaitDeps {
  status(handle: TaskHandle, signal: AbortSignal): Promise<Task>;
  clock: Clock;
  log: Log;
}

/** Polls a task until it succeeds (resolves), fails, times out or is aborted (throws). */
export async function waitForTask(
  deps: WaitDeps,
  handle: TaskHandle,
  options: WaitOptions = {},
): Promise<Task> {
  const { clock, log } = deps;
  const { model, taskId } = handle;
  const { signal, callback, poll } = options;
  const fields = { model, taskId };
  const profile = pollingProfile(model, poll);
  const timeoutMs = options.timeoutMs ?? profile.timeoutMs;
  const start = clock.now();
  const deadline = start + timeoutMs;
  // `stop` ends everything this wait started (deadline timer, callback listener, status read in
  // flight); `stopped` says why the wait ended early.
  const stop = new AbortController();
  const stopSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const stopped = () =>
    signal?.aborted ? abortError(signal) : new WaitTimeoutError(model, taskId, timeoutMs);
  clock.sleep(timeoutMs, stopSignal).then(() => stop.abort(), noop);

  // With a callback, polling is the fallback: it starts once the model should have finished.
  let hint = callback?.waitFor(handle, stopSignal).then(isTerminalPayload, (error) => {
    // Once the wait is over, the source rejecting with our own abort is expected.
    if (!stopSignal.aborted) log("warn", `callback source failed, polling on: ${error}`, fields);
    return false;
  });
  let delay = callback
    ? (poll?.initialDelayMs ?? Math.max(profile.initialDelayMs, modelTiming(model)?.[1] ?? 0))
    : profile.initialDelayMs;

  try {
    for (let attempt = 1; ; delay = pollDelay(profile, attempt++, clock.random())) {
      const wakeAt = Math.min(clock.now() + delay, deadline);
      let callbackSaysDone = false;
      while (!callbackSaysDone && clock.now() < wakeAt) {
        const nap = clock.sleep(wakeAt - clock.now(), stopSignal);
        const woke = await Promise.race([nap, hint ?? nap]).catch(noop);
        if (stopSignal.aborted) throw stopped();
        if (woke === undefined) continue;
        // The callback answered: use it once (a terminal one triggers a read now), then poll.
        hint = undefined;
        callbackSaysDone = woke;
      }
      if (clock.now() >= deadline) throw stopped();
      let task: Task;
      try {
        task = await deps.status(handle, stopSignal);
      } catch (error) {
        if (stopSignal.aborted) throw stopped();
        if (!isTransient(error)) throw error;
        log("warn", `poll failed: ${(error as Error).message}`, fields);
        continue;
      }
      options.onProgress?.(task, { elapsedMs: clock.now() - start, attempt });
      log("debug", task.state, fields);
      if (task.state === "success") {
        if (!task.resultUrls[0]) throw new ResultParseError(taskId, task.result);
        return task;
      }
      if (task.state === "failed") {
        const { failCode, failMsg } = task;
        throw new TaskFailedError({
          ...fields,
          failCode,
          failMsg,
          category: failCategory(failCode),
        });
      }
    }
  } finally {
    stop.abort();
  }
}

const noop = () => undefined;

/** Whether a callback payload (a statusTask envelope or a Task) says the task has ended. */
function isTerminalPayload(payload: unknown): boolean {
  const value = payload as { state?: unknown; data?: { state?: unknown } } | null;
  return isTerminal(String(value?.data?.state ?? value?.state));
}

/** Errors that a later poll may not meet again; anything else ends the wait. */
function isTransient(error: unknown): boolean {
  if (ConnectionError.isInstance(error) || RequestTimeoutError.isInstance(error)) return true;
  const status = ApiError.isInstance(error) ? error.status : 0;
  // 200: a status answer cut off or garbled on the way; the next read may arrive whole.
  return status === 200 || status === 408 || status === 429 || status >= 500;
}
