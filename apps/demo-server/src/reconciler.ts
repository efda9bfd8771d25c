import { NotFoundError } from "@apixo-ts/client";
import type { Clock, Logger } from "./deps.js";
import { firstCheckAt as dueAt, modelTiming, nextCheckDelay } from "./reconcile-schedule.js";
import type { TaskRecord } from "./task-record.js";
import type { TaskStore } from "./task-store.js";
import type { TaskTracker } from "./task-tracker.js";
import type { UpstreamClient } from "./upstream.js";

/** Polls tasks whose callback is overdue, and resumes unfinished work after a restart. */
export interface Reconciler {
  /** Checks every unfinished task that is due now; resolves when the checks are done. */
  tick(): Promise<void>;
  /**
   * Start-up recovery: checks every unfinished task at once, fails the ones that never got a
   * `taskId`, and re-reads successful tasks whose outputs are missing to download them.
   */
  resume(): Promise<void>;
  /** When a freshly submitted task becomes due for a check, if no callback came. */
  firstCheckAt(record: TaskRecord): number;
  /** Starts the periodic ticks. */
  start(): void;
  /** Stops the ticks and waits for a running one. */
  stop(): Promise<void>;
}

/** Dependencies of {@link createReconciler}. */
export interface ReconcilerDeps {
  store: TaskStore;
  apixo: UpstreamClient;
  tracker: TaskTracker;
  clock: Clock;
  logger: Logger;
  /** Multiplies model run times (the emulator's `timeScale`). @default 1 */
  timeScale?: number;
  /** Tick period. @default 1000 */
  everyMs?: number;
}

/**
 * Creates the reconciler. A task is due when the model's longest expected run time plus a grace
 * period has passed without a callback; it is then polled with `apixo.status()`, at the model's
 * polling interval growing with the task's age up to the profile's cap. So a lost callback only
 * delays a task, and a callback that does arrive makes the polling stop.
 */
export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { store, apixo, tracker, clock, logger } = deps;
  const scale = deps.timeScale ?? 1;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;

  const firstCheckAt = (record: TaskRecord) =>
    dueAt(modelTiming(record.model), record.createdAt, scale);
  const nextInterval = (record: TaskRecord, now: number) =>
    nextCheckDelay(modelTiming(record.model), now - record.createdAt, scale);

  const check = async (record: TaskRecord) => {
    if (!record.taskId) return;
    store.scheduleCheck(record.id, clock.now() + nextInterval(record, clock.now()));
    try {
      const task = await apixo.status({ model: record.model, taskId: record.taskId });
      tracker.apply(record.id, task, "reconciler");
    } catch (error) {
      const message = (error as Error).message;
      // An overdue task the upstream does not know (expired, or an in-process emulator that was
      // restarted) will never finish: say so instead of polling it forever.
      if (NotFoundError.isInstance(error) && clock.now() >= firstCheckAt(record)) {
        tracker.apply(
          record.id,
          {
            state: "failed",
            failCode: "TASK_NOT_FOUND",
            failMsg: `The upstream no longer knows this task: ${message}`,
          },
          "reconciler",
        );
        return;
      }
      logger.warn(`task ${record.id} (${record.taskId}): status check failed: ${message}`);
    }
  };

  const tick = async () => {
    const now = clock.now();
    const due = store
      .listUnfinished()
      .filter((record) => (record.nextCheckAt ?? firstCheckAt(record)) <= now);
    await Promise.all(due.map(check));
  };

  const guardedTick = () => {
    if (running) return running;
    running = tick().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    tick: guardedTick,
    firstCheckAt,
    async resume() {
      const now = clock.now();
      for (const record of store.listUnfinished()) {
        if (record.taskId) continue;
        // Crashed between insert and the upstream's answer: the task may or may not exist upstream.
        // If it does, its signed callback still finds this row through the ref.
        tracker.apply(
          record.id,
          {
            state: "failed",
            failCode: "SUBMIT_INTERRUPTED",
            failMsg: "The server stopped before the upstream confirmed the submit; submit again.",
          },
          "restart",
        );
      }
      const unfinished = store.listUnfinished();
      await Promise.all(unfinished.map(check));
      const missing = store.listMissingOutputs().filter((record) => record.taskId);
      await Promise.all(
        missing.map(async (record) => {
          try {
            const task = await apixo.status({
              model: record.model,
              taskId: record.taskId as string,
            });
            await tracker.fetchOutputs(record.id, task);
          } catch (error) {
            const message = `could not re-read the task to fetch its outputs: ${(error as Error).message}`;
            store.setOutputs(record.id, "failed", [], clock.now(), message);
            tracker.publish(record.id);
            logger.warn(`task ${record.id}: ${message}`);
          }
        }),
      );
      logger.info(
        `resumed ${unfinished.length} unfinished task(s), ${missing.length} pending download(s) at ${new Date(now).toISOString()}`,
      );
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void guardedTick(), deps.everyMs ?? 1000);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
