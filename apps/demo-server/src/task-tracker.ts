import type { Clock, Logger } from "./deps.js";
import type { EventBus } from "./event-bus.js";
import type { OutputDownloader } from "./output-downloader.js";
import { normaliseState, type TaskRecord, type UpdateSource } from "./task-record.js";
import type { TaskStore, TaskUpdate } from "./task-store.js";
import { toTaskView } from "./task-view.js";
import type { UpstreamTask } from "./upstream.js";

/** Applies upstream news to stored tasks, publishes changes and fetches outputs. */
export interface TaskTracker {
  /**
   * Records an update of task `id` from `source`. Publishes an event only when something changed;
   * a success starts the download of its outputs (once).
   */
  apply(
    id: string,
    update: TaskUpdate | UpstreamTask,
    source: UpdateSource,
  ): TaskRecord | undefined;
  /** Downloads the outputs of a successful task read from the upstream (no-op if already running). */
  fetchOutputs(id: string, task: UpstreamTask): Promise<void>;
  /** Publishes the current view of a task (after out-of-band changes). */
  publish(id: string): void;
  /** Resolves when every download started so far has settled (for shutdown and tests). */
  idle(): Promise<void>;
}

/** Dependencies of {@link createTaskTracker}. */
export interface TaskTrackerDeps {
  store: TaskStore;
  events: EventBus;
  downloader: OutputDownloader;
  clock: Clock;
  logger: Logger;
}

function isUpstreamTask(update: TaskUpdate | UpstreamTask): update is UpstreamTask {
  return Array.isArray((update as UpstreamTask).resultUrls);
}

/** Creates the tracker; it keeps no state but the set of downloads in flight. */
export function createTaskTracker(deps: TaskTrackerDeps): TaskTracker {
  const { store, events, downloader, clock, logger } = deps;
  const downloads = new Map<string, Promise<void>>();

  const publish = (id: string) => {
    const record = store.get(id);
    if (record) events.publish(toTaskView(record, store.history(id)));
  };

  const fetchOutputs = (id: string, task: UpstreamTask): Promise<void> => {
    const running = downloads.get(id);
    if (running) return running;
    const job = (async () => {
      store.setOutputs(id, "pending", [], clock.now());
      publish(id);
      try {
        const files = await downloader.download(task);
        store.setOutputs(id, "ready", files, clock.now());
        logger.info(`task ${id} (${task.taskId}): ${files.length} output(s) saved`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        store.setOutputs(id, "failed", [], clock.now(), message);
        logger.warn(`task ${id} (${task.taskId}): download failed: ${message}`);
      }
      publish(id);
    })().finally(() => downloads.delete(id));
    downloads.set(id, job);
    return job;
  };

  return {
    apply(id, update, source) {
      const next: TaskUpdate = { state: normaliseState(update.state) };
      if (update.taskId !== undefined) next.taskId = update.taskId;
      if (update.failCode !== undefined) next.failCode = update.failCode;
      if (update.failMsg !== undefined) next.failMsg = update.failMsg;
      const result = store.applyUpdate(id, next, source, clock.now());
      if (!result) return undefined;
      if (result.changed) {
        logger.info(
          `task ${id} (${result.task.taskId ?? "-"}): ${result.task.state} via ${source}`,
        );
        publish(id);
      }
      const record = result.task;
      if (
        record.state === "success" &&
        isUpstreamTask(update) &&
        normaliseState(update.state) === "success" &&
        (record.outputsState === "none" || record.outputsState === "failed")
      ) {
        void fetchOutputs(id, update);
      }
      return record;
    },
    fetchOutputs,
    publish,
    async idle() {
      while (downloads.size > 0) await Promise.allSettled([...downloads.values()]);
    },
  };
}
