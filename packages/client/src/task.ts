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

/** Normalises the `data` of a statusTask envelope (or a callback payload) into a {@link Task}. */
export function toTask<M extends string>(handle: TaskHandle<M>, data: unknown): Task<M> {
  const raw = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const task: Task<M> = {
    model: handle.model,
    taskId: typeof raw.taskId === "string" ? raw.taskId : handle.taskId,
    state: typeof raw.state === "string" ? raw.state : "pending",
    createTime: numberOr(raw.createTime) ?? 0,
    resultUrls: [],
  };
  const completeTime = numberOr(raw.completeTime);
  const costTime = numberOr(raw.costTime);
  if (completeTime !== undefined) task.completeTime = completeTime;
  if (costTime !== undefined) task.costTime = costTime;
  if (typeof raw.failCode === "string") task.failCode = raw.failCode;
  if (typeof raw.failMsg === "string") task.failMsg = raw.failMsg;
  const result = parseResult(raw.resultJson);
  if (result !== undefined) {
    task.result = result;
    task.resultUrls = resultUrls(result);
  }
  return task;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function parseResult(resultJson: unknown): unknown {
  if (typeof resultJson !== "string") return resultJson ?? undefined;
  try {
    return JSON.parse(resultJson);
  } catch {
    // Unparseable resultJson: `wait` reports it as a ResultParseError with the raw text.
    return undefined;
  }
}

/** `resultUrls` when present, otherwise every http(s) URL found in the result (suno and kin). */
function resultUrls(result: unknown): string[] {
  const listed = (result as { resultUrls?: unknown } | null)?.resultUrls;
  if (Array.isArray(listed)) return listed.filter((url): url is string => typeof url === "string");
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      if (/^https?:\/\//.test(value) && !found.includes(value)) found.push(value);
    } else if (value && typeof value === "object") {
      for (const entry of Object.values(value)) visit(entry);
    }
  };
  visit(result);
  return found;
}
