import type { Clock } from "./clock.js";
import { AbortError, ApiError, ConnectionError, RequestTimeoutError } from "./errors.js";
import { failCategory } from "./fail-category.js";
import { abortError } from "./internal/transport.js";
import type { Log } from "./logger.js";
import { type PollOverrides, pollDelay, pollingProfile } from "./polling-policy.js";
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
  /** Expected run time of a model in ms (0 when unknown). */
  expectedMs(model: string): number;
}

/** Polls a task until it succeeds (resolves), fails, times out or is aborted (throws). */
export async function waitForTask(
  deps: WaitDeps,
  handle: TaskHandle,
  options: WaitOptions = {},
): Promise<Task> {
  const { clock, log } = deps;
  const { signal, callback } = options;
  const fields = { model: handle.model, taskId: handle.taskId };
  const profile = pollingProfile(handle.model, options.poll);
  const timeoutMs = options.timeoutMs ?? profile.timeoutMs;
  const start = clock.now();
  const deadline = start + timeoutMs;
  if (signal?.aborted) throw abortError(signal);

  // One controller stops everything this wait started: the deadline timer, the callback
  // listener and any status read in flight.
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  clock.sleep(timeoutMs, stop.signal).then(
    () => stop.abort(),
    () => {},
  );
  const stopped = () =>
    signal?.aborted
      ? abortError(signal)
      : new WaitTimeoutError(handle.model, handle.taskId, timeoutMs);

  let hint = callback
    ?.waitFor(handle, stop.signal)
    .then((payload) => (isTerminalPayload(payload) ? "terminal" : "other"))
    .catch((error: unknown) => {
      if (!stop.signal.aborted) log("warn", `callback source failed, polling on: ${error}`, fields);
      return "failed";
    });
  const firstDelay = callback
    ? (options.poll?.initialDelayMs ??
      Math.max(profile.initialDelayMs, deps.expectedMs(handle.model)))
    : profile.initialDelayMs;

  try {
    for (let attempt = 0; ; attempt++) {
      const delay = attempt === 0 ? firstDelay : pollDelay(profile, attempt, clock.random());
      const wakeAt = Math.min(clock.now() + delay, deadline);
      let callbackSaysDone = false;
      while (!callbackSaysDone && clock.now() < wakeAt) {
        const nap = clock.sleep(wakeAt - clock.now(), stop.signal);
        const woke = await Promise.race([nap.then(() => "timer"), hint ?? nap]).catch(
          () => "stopped",
        );
        if (stop.signal.aborted) throw stopped();
        if (woke === "timer") continue;
        // The callback arrived (or its source failed): it is used once, polling carries on.
        hint = undefined;
        callbackSaysDone = woke === "terminal";
        log("debug", `callback ${woke}`, fields);
      }
      if (!callbackSaysDone && clock.now() >= deadline) throw stopped();
      let task: Task;
      try {
        task = await deps.status(handle, stop.signal);
      } catch (error) {
        if (stop.signal.aborted) throw stopped();
        if (!isTransient(error)) throw error;
        log("warn", `status read failed, polling on: ${(error as Error).message}`, fields);
        continue;
      }
      options.onProgress?.(task, { elapsedMs: clock.now() - start, attempt: attempt + 1 });
      log("debug", `state ${task.state}`, fields);
      if (task.state === "success") {
        if (task.resultUrls.length === 0) throw new ResultParseError(task.taskId, task.result);
        log("info", "task succeeded", fields);
        return task;
      }
      if (task.state === "failed") {
        const category = failCategory(task.failCode);
        log("info", `task failed: ${task.failCode}`, fields);
        throw new TaskFailedError({
          ...fields,
          failCode: task.failCode,
          failMsg: task.failMsg,
          category,
        });
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}

/** Whether a callback payload (a statusTask envelope or a Task) says the task has ended. */
function isTerminalPayload(payload: unknown): boolean {
  const value = payload as { state?: unknown; data?: { state?: unknown } } | null;
  const state = value?.data?.state ?? value?.state;
  return typeof state === "string" && isTerminal(state);
}

/** Errors that a later poll may not meet again; anything else ends the wait. */
function isTransient(error: unknown): boolean {
  if (AbortError.isInstance(error)) return false;
  if (ConnectionError.isInstance(error) || RequestTimeoutError.isInstance(error)) return true;
  return (
    ApiError.isInstance(error) &&
    (error.status === 408 || error.status === 429 || error.status >= 500)
  );
}
