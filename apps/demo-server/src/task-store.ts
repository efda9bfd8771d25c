import Database from "better-sqlite3";
import { SCHEMA, type TaskRow, toRecord } from "./internal/task-rows.js";
import type {
  HistoryEntry,
  OutputsState,
  TaskRecord,
  TaskState,
  UpdateSource,
} from "./task-record.js";
import { isTerminal } from "./task-record.js";

/** Fields of a task update coming from the upstream (status read, callback, submit). */
export interface TaskUpdate {
  state: TaskState;
  taskId?: string;
  failCode?: string;
  failMsg?: string;
}

/** Durable storage of demo tasks and their state history (SQLite in WAL mode). */
export interface TaskStore {
  /** Inserts a new task in state `submitting`, before the upstream is called. */
  create(task: { id: string; model: string; input: unknown; createdAt: number }): TaskRecord;
  /**
   * Puts an unfinished task back to `submitting` without its `taskId`, for a resubmit to an
   * upstream that lost it (the in-process emulator after a crash). Returns the updated record,
   * or `undefined` when the task is unknown or already finished.
   */
  forgetTaskId(id: string, at: number): TaskRecord | undefined;
  /** Removes a task that the upstream rejected (it never existed upstream). */
  remove(id: string): void;
  get(id: string): TaskRecord | undefined;
  findByTaskId(taskId: string): TaskRecord | undefined;
  /** Newest first. */
  list(limit?: number): TaskRecord[];
  /**
   * Applies an update; appends a history entry only when the state actually changes, and never
   * moves a task out of a terminal state (except a local failure recorded before the upstream's
   * `taskId` was known, which an update carrying the `taskId` may replace). Returns the record
   * and whether anything changed.
   */
  applyUpdate(
    id: string,
    update: TaskUpdate,
    source: UpdateSource,
    at: number,
  ): { task: TaskRecord; changed: boolean } | undefined;
  /** Records where the outputs stand (`pending` → `ready` with local file names, or `failed`). */
  setOutputs(
    id: string,
    outputsState: OutputsState,
    files: string[],
    at: number,
    error?: string,
  ): TaskRecord | undefined;
  /** Schedules the next reconciler check of a task. */
  scheduleCheck(id: string, nextCheckAt: number): void;
  /** Tasks not yet in a terminal state, oldest first. */
  listUnfinished(): TaskRecord[];
  /** Successful tasks whose outputs are not downloaded yet. */
  listMissingOutputs(): TaskRecord[];
  history(id: string): HistoryEntry[];
  close(): void;
}

/**
 * Opens (and creates if needed) the task database at `path` (`":memory:"` for tests).
 * WAL mode with `synchronous = NORMAL` keeps every committed write across a process crash.
 */
export function openTaskStore(path: string): TaskStore {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);

  const select = db.prepare<[string], TaskRow>("SELECT * FROM tasks WHERE id = ?");
  const selectByTaskId = db.prepare<[string], TaskRow>("SELECT * FROM tasks WHERE task_id = ?");
  const insert = db.prepare(
    "INSERT INTO tasks (id, model, input, state, created_at, updated_at) VALUES (?, ?, ?, 'submitting', ?, ?)",
  );
  const insertHistory = db.prepare(
    "INSERT INTO task_history (id, state, source, at) VALUES (?, ?, ?, ?)",
  );
  const update = db.prepare(
    "UPDATE tasks SET task_id = ?, state = ?, fail_code = ?, fail_msg = ?, updated_at = ? WHERE id = ?",
  );
  const updateOutputs = db.prepare(
    "UPDATE tasks SET outputs = ?, outputs_state = ?, outputs_error = ?, updated_at = ? WHERE id = ?",
  );

  const get = (id: string) => {
    const row = select.get(id);
    return row ? toRecord(row) : undefined;
  };

  const applyUpdate = db.transaction(
    (id: string, next: TaskUpdate, source: UpdateSource, at: number) => {
      const current = get(id);
      if (!current) return undefined;
      const taskId = current.taskId ?? next.taskId;
      // A failure recorded before the upstream's taskId was known (interrupted or uncertain
      // submit) is only local: news carrying the taskId (a signed callback) may still revive it.
      const provisional = current.taskId === undefined && next.taskId !== undefined;
      const stateChanged =
        current.state !== next.state && (!isTerminal(current.state) || provisional);
      const taskIdChanged = taskId !== current.taskId;
      if (!stateChanged && !taskIdChanged) return { task: current, changed: false };
      const state = stateChanged ? next.state : current.state;
      update.run(
        taskId ?? null,
        state,
        stateChanged ? (next.failCode ?? null) : (current.failCode ?? null),
        stateChanged ? (next.failMsg ?? null) : (current.failMsg ?? null),
        at,
        id,
      );
      if (stateChanged) insertHistory.run(id, state, source, at);
      return { task: get(id) as TaskRecord, changed: true };
    },
  );

  return {
    create({ id, model, input, createdAt }) {
      db.transaction(() => {
        insert.run(id, model, JSON.stringify(input), createdAt, createdAt);
        insertHistory.run(id, "submitting", "submit", createdAt);
      })();
      return get(id) as TaskRecord;
    },
    forgetTaskId(id, at) {
      return db.transaction(() => {
        const { changes } = db
          .prepare(
            "UPDATE tasks SET task_id = NULL, state = 'submitting', fail_code = NULL, fail_msg = NULL, next_check_at = NULL, updated_at = ? WHERE id = ? AND state NOT IN ('success', 'failed')",
          )
          .run(at, id);
        if (changes > 0) insertHistory.run(id, "submitting", "restart", at);
        return changes > 0;
      })()
        ? get(id)
        : undefined;
    },
    remove(id) {
      db.prepare("DELETE FROM tasks WHERE id = ?").run(id);
    },
    get,
    findByTaskId(taskId) {
      const row = selectByTaskId.get(taskId);
      return row ? toRecord(row) : undefined;
    },
    list(limit = 100) {
      return db
        .prepare<[number], TaskRow>(
          "SELECT * FROM tasks ORDER BY created_at DESC, rowid DESC LIMIT ?",
        )
        .all(limit)
        .map(toRecord);
    },
    applyUpdate: (id, next, source, at) => applyUpdate(id, next, source, at),
    setOutputs(id, outputsState, files, at, error) {
      updateOutputs.run(JSON.stringify(files), outputsState, error ?? null, at, id);
      return get(id);
    },
    scheduleCheck(id, nextCheckAt) {
      db.prepare("UPDATE tasks SET next_check_at = ? WHERE id = ?").run(nextCheckAt, id);
    },
    listUnfinished() {
      return db
        .prepare<[], TaskRow>(
          "SELECT * FROM tasks WHERE state NOT IN ('success', 'failed') ORDER BY created_at, rowid",
        )
        .all()
        .map(toRecord);
    },
    listMissingOutputs() {
      return db
        .prepare<[], TaskRow>(
          "SELECT * FROM tasks WHERE state = 'success' AND outputs_state <> 'ready' ORDER BY created_at, rowid",
        )
        .all()
        .map(toRecord);
    },
    history(id) {
      return db
        .prepare<[string], { state: string; source: string; at: number }>(
          "SELECT state, source, at FROM task_history WHERE id = ? ORDER BY seq",
        )
        .all(id)
        .map((row) => ({
          state: row.state as TaskState,
          source: row.source as UpdateSource,
          at: row.at,
        }));
    },
    close() {
      db.close();
    },
  };
}
