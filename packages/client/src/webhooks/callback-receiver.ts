import { AbortError } from "../errors.js";
import type { Task, TaskHandle } from "../task.js";

/** Default number of delivered tasks a receiver remembers for late `waitFor` calls. */
export const DEFAULT_RECEIVER_BUFFER = 1_000;

/**
 * Bridges a callback handler and `apixo.wait(handle, { callback: receiver })`: `waitFor`
 * resolves with the (status-confirmed) task as soon as the handler receives its callback.
 * It is the `CallbackSource` that `wait` races against polling.
 */
export interface CallbackReceiver {
  /**
   * Resolves with the task once its callback has been received (at once if it already was);
   * rejects with `signal.reason` (or an `AbortError`) when `signal` aborts.
   */
  waitFor(handle: TaskHandle, signal?: AbortSignal): Promise<Task>;
  /** Hands a terminal task to its waiters; `createCallbackHandler` calls this. */
  deliver(task: Task): void;
}

/**
 * Makes a {@link CallbackReceiver}. Delivered tasks are kept (the most recent `maxBuffered`), so a
 * callback that arrives before `wait` starts listening is not missed.
 *
 * @example
 * const receiver = createCallbackReceiver();
 * const handler = createCallbackHandler({ secret, apixo, receiver, onTask });
 * const task = await apixo.wait(handle, { callback: receiver });
 */
export function createCallbackReceiver(options: { maxBuffered?: number } = {}): CallbackReceiver {
  const maxBuffered = options.maxBuffered ?? DEFAULT_RECEIVER_BUFFER;
  const delivered = new Map<string, Task>();
  const waiters = new Map<string, Set<(task: Task) => void>>();

  return {
    waitFor(handle, signal) {
      const known = delivered.get(handle.taskId);
      if (known) return Promise.resolve(known);
      return new Promise<Task>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const listeners = waiters.get(handle.taskId) ?? new Set();
        waiters.set(handle.taskId, listeners);
        const stop = () => {
          listeners.delete(listener);
          if (listeners.size === 0) waiters.delete(handle.taskId);
        };
        const onAbort = () => {
          stop();
          reject(abortReason(signal as AbortSignal));
        };
        const listener = (task: Task) => {
          stop();
          signal?.removeEventListener("abort", onAbort);
          resolve(task);
        };
        listeners.add(listener);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    deliver(task) {
      delivered.delete(task.taskId);
      delivered.set(task.taskId, task);
      if (delivered.size > maxBuffered) delivered.delete(delivered.keys().next().value as string);
      for (const listener of [...(waiters.get(task.taskId) ?? [])]) listener(task);
    },
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new AbortError("Waiting for the callback was aborted.");
}
