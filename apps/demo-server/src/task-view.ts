import type { HistoryEntry, OutputsState, TaskRecord, TaskState } from "./task-record.js";

/** A task as the JSON API and the page see it: outputs as local URLs, never upstream URLs. */
export interface TaskView {
  id: string;
  model: string;
  taskId: string | null;
  state: TaskState;
  failCode?: string;
  failMsg?: string;
  /** The prompt, if the input had one (the page renders it as text). */
  prompt?: string;
  input: unknown;
  /** Local URLs under `/outputs/`. */
  outputs: string[];
  outputsState: OutputsState;
  outputsError?: string;
  createdAt: number;
  updatedAt: number;
  history?: HistoryEntry[];
}

/** Builds the public view of a stored task. */
export function toTaskView(record: TaskRecord, history?: HistoryEntry[]): TaskView {
  const input = record.input as { prompt?: unknown } | null;
  const view: TaskView = {
    id: record.id,
    model: record.model,
    taskId: record.taskId ?? null,
    state: record.state,
    input: record.input,
    outputs: record.outputs.map((file) => `/outputs/${encodeURIComponent(file)}`),
    outputsState: record.outputsState,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.failCode !== undefined) view.failCode = record.failCode;
  if (record.failMsg !== undefined) view.failMsg = record.failMsg;
  if (record.outputsError !== undefined) view.outputsError = record.outputsError;
  if (input && typeof input.prompt === "string") view.prompt = input.prompt;
  if (history) view.history = history;
  return view;
}
