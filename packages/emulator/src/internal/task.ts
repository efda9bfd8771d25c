/** One output file of a successful task. */
export interface TaskOutput {
  /** Zero-based position in `resultUrls`. */
  index: number;
  /** File extension without the dot (`png`, `jpg`, `mp4`, ...). */
  extension: string;
}

/** What a task renders: the inputs the media renderers need. */
export interface RenderInput {
  kind: "image" | "video" | "audio";
  prompt: string;
  aspectRatio: string | undefined;
  resolution: string | undefined;
  format: "png" | "jpeg";
}

/** How a task ends, decided when it is created. */
export type TaskOutcome =
  | { state: "success"; outputs: readonly TaskOutput[] }
  | { state: "failed"; failCode: string; failMsg: string };

/** A task as the emulator stores it. Its state is derived from the clock, never stored. */
export interface TaskRecord {
  taskId: string;
  model: string;
  apiKey: string;
  /** Unix ms when submitted. */
  createTime: number;
  /** Unix ms when `pending` turns into `processing`. */
  startTime: number;
  /** Unix ms when the task reaches its terminal state. */
  completeTime: number;
  /** Unix ms after which the result files are gone. */
  expireTime: number;
  outcome: TaskOutcome;
  render: RenderInput;
  /** Where to POST the result (`request_type: "callback"`). */
  callbackUrl: string | undefined;
  /** The origin the task was submitted through, for absolute URLs in callbacks. */
  origin: string;
}

/** The state names of the contract's `KnownTaskState`. */
export type TaskState = "pending" | "processing" | "success" | "failed";

/** The state of `task` at `now`. */
export function stateAt(task: TaskRecord, now: number): TaskState {
  if (now >= task.completeTime) return task.outcome.state;
  return now >= task.startTime ? "processing" : "pending";
}

/** The URL path of one output file. */
export function outputPath(task: TaskRecord, output: TaskOutput): string {
  return `/files/${task.taskId}/${output.index}.${output.extension}`;
}

/** The contract's `TaskStatus` object for `task` at `now`, with result URLs under `origin`. */
export function taskStatus(task: TaskRecord, now: number, origin: string): Record<string, unknown> {
  const state = stateAt(task, now);
  const status: Record<string, unknown> = {
    taskId: task.taskId,
    state,
    createTime: task.createTime,
  };
  if (state !== "success" && state !== "failed") return status;
  status.completeTime = task.completeTime;
  status.costTime = task.completeTime - task.createTime;
  if (task.outcome.state === "success") {
    const resultUrls = task.outcome.outputs.map((output) => origin + outputPath(task, output));
    status.resultJson = JSON.stringify({ resultUrls });
  } else {
    status.failCode = task.outcome.failCode;
    status.failMsg = task.outcome.failMsg;
  }
  return status;
}
