import type { TaskView } from "./task-view.js";

/** A listener of task changes. */
export type TaskListener = (task: TaskView) => void;

/** In-process fan-out of task changes to the SSE streams. */
export interface EventBus {
  publish(task: TaskView): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: TaskListener): () => void;
  /** Number of current subscribers (for tests and the page's status line). */
  size(): number;
}

/** Creates an empty event bus; a throwing listener is dropped, never breaking the others. */
export function createEventBus(): EventBus {
  const listeners = new Set<TaskListener>();
  return {
    publish(task) {
      for (const listener of listeners) {
        try {
          listener(task);
        } catch {
          listeners.delete(listener); // a closed stream; it unsubscribes itself anyway
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    size: () => listeners.size,
  };
}
