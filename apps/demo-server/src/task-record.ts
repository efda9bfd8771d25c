/**
 * A task's state in the demo: `submitting` until the upstream returned a `taskId`, then the
 * upstream's own states. Unknown upstream states (e.g. `processing_r2`) are stored as `processing`.
 */
export type TaskState = "submitting" | "pending" | "processing" | "success" | "failed";

/** Where a task's downloaded outputs stand. */
export type OutputsState = "none" | "pending" | "ready" | "failed";

/** What caused a state change, kept in the history. */
export type UpdateSource = "submit" | "callback" | "reconciler" | "restart";

/** One entry of a task's state history. */
export interface HistoryEntry {
  state: TaskState;
  source: UpdateSource;
  at: number;
}

/** A task as the demo stores it. */
export interface TaskRecord {
  /** The demo's own id (also the `ref` inside the signed callback URL). */
  id: string;
  model: string;
  input: unknown;
  /** The upstream's task id, once the submit returned. */
  taskId?: string;
  state: TaskState;
  failCode?: string;
  failMsg?: string;
  /** Local file names under `DATA_DIR/outputs`. */
  outputs: string[];
  outputsState: OutputsState;
  outputsError?: string;
  createdAt: number;
  updatedAt: number;
  /** When the reconciler checks this task next (Unix ms). */
  nextCheckAt?: number;
}

/** True for `success` and `failed`. */
export function isTerminal(state: TaskState): boolean {
  return state === "success" || state === "failed";
}

/** Maps any upstream state string onto the demo's states (unknown strings count as running). */
export function normaliseState(state: string): TaskState {
  if (state === "pending" || state === "success" || state === "failed") return state;
  return "processing";
}
