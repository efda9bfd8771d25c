import type { StatusData } from "./internal/api-requests.js";

/** The id pair that identifies a task; JSON-serialisable, so a wait can resume in another process. */
export interface TaskHandle<M extends string = string> {
  /** Model the task was submitted to (status reads need it). */
  model: M;
  /** The API's opaque task id. */
  taskId: string;
}

/** A task's state. Unknown strings (e.g. `processing_r2`) are possible and mean "still running". */
export type TaskState = "pending" | "processing" | "success" | "failed" | (string & {});

/** A task as `status` reads it, normalised. */
export interface Task<M extends string = string> extends TaskHandle<M> {
  state: TaskState;
  /** Unix milliseconds. */
  createTime: number;
  /** Unix milliseconds, once terminal. */
  completeTime?: number;
  /** Run time in milliseconds, when the API reports it. */
  costTime?: number;
  /** Output URLs (empty until success). They expire 24 h after `completeTime`. */
  resultUrls: string[];
  /** The parsed `resultJson`, kept whole (suno results carry more than URLs). */
  result?: unknown;
  /** Failure code, on `failed`. */
  failCode?: string;
  /** Failure message, on `failed`. */
  failMsg?: string;
}

/** True for `success` and `failed`; any other state, known or not, means the task still runs. */
export function isTerminal(state: TaskState): boolean {
  return state === "success" || state === "failed";
}

// Fields copied from the API's task object (the spec's TaskStatus) when they have the expected type.
const FIELDS: { [K in keyof StatusData]?: "string" | "number" } = {
  taskId: "string",
  state: "string",
  createTime: "number",
  completeTime: "number",
  costTime: "number",
  failCode: "string",
  failMsg: "string",
};

/** Normalises the `data` of a statusTask envelope (or a callback payload) into a {@link Task}. */
export function toTask<M extends string>(handle: TaskHandle<M>, data: unknown): Task<M> {
  const { model, taskId } = handle;
  const task: Record<string, unknown> = {
    model,
    taskId,
    state: "pending",
    createTime: 0,
    resultUrls: [],
  };
  const raw = Object(data) as Record<string, unknown>;
  for (const key in FIELDS)
    if (typeof raw[key] === FIELDS[key as keyof StatusData]) task[key] = raw[key];
  const { resultJson } = raw;
  try {
    task.result =
      typeof resultJson === "string" ? JSON.parse(resultJson) : (resultJson ?? undefined);
  } catch {
    // Unparseable resultJson leaves `result` undefined; `wait` reports a ResultParseError.
  }
  // No result: none sent, unparseable, or a resultJson of "null".
  if (task.result == null) delete task.result;
  else
    task.resultUrls = findUrls((task.result as { resultUrls?: unknown }).resultUrls ?? task.result);
  return task as unknown as Task<M>;
}

/** Every distinct http(s) URL in a parsed result (`resultUrls`, or deeper for suno and kin). */
function findUrls(value: unknown, found = new Set<string>()): string[] {
  if (typeof value === "string" && /^https?:\/\//.test(value)) found.add(value);
  else if (value && typeof value === "object")
    for (const entry of Object.values(value)) findUrls(entry, found);
  return [...found];
}
