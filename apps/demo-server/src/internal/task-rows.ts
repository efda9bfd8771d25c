import type { OutputsState, TaskRecord, TaskState } from "../task-record.js";

// The SQLite layout of the task store and the mapping of its rows. Columns are snake_case;
// `input` and `outputs` hold JSON text.

/** One row of the `tasks` table. */
export interface TaskRow {
  id: string;
  model: string;
  input: string;
  task_id: string | null;
  state: string;
  fail_code: string | null;
  fail_msg: string | null;
  outputs: string;
  outputs_state: string;
  outputs_error: string | null;
  created_at: number;
  updated_at: number;
  next_check_at: number | null;
}

/** Idempotent DDL: the tables and indexes of the store. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  input TEXT NOT NULL,
  task_id TEXT UNIQUE,
  state TEXT NOT NULL,
  fail_code TEXT,
  fail_msg TEXT,
  outputs TEXT NOT NULL DEFAULT '[]',
  outputs_state TEXT NOT NULL DEFAULT 'none',
  outputs_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_check_at INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_created ON tasks (created_at DESC);
CREATE TABLE IF NOT EXISTS task_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  source TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS task_history_id ON task_history (id, seq);
`;

/** Maps a row to the record the rest of the app uses. */
export function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    model: row.model,
    input: JSON.parse(row.input) as unknown,
    taskId: row.task_id ?? undefined,
    state: row.state as TaskState,
    failCode: row.fail_code ?? undefined,
    failMsg: row.fail_msg ?? undefined,
    outputs: JSON.parse(row.outputs) as string[],
    outputsState: row.outputs_state as OutputsState,
    outputsError: row.outputs_error ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextCheckAt: row.next_check_at ?? undefined,
  };
}
