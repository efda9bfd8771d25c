import { ApixoError } from "./errors.js";
import type { FailCategory } from "./fail-category.js";

const ADVICE: Record<FailCategory, string> = {
  content: "Change the content; resending it as is fails again.",
  input: "Fix the input.",
  transient: "Resubmitting may succeed.",
  billing: "Top up, then resubmit.",
  unknown: "See failMsg.",
};

/** Fields of a failed task. */
export interface TaskFailedFields {
  model: string;
  taskId: string;
  failCode?: string | undefined;
  failMsg?: string | undefined;
  category: FailCategory;
}

/** The task ended in state `failed`. `category` says whether resubmitting can help. */
export class TaskFailedError extends ApixoError {
  static override readonly errorName: string = "TaskFailedError";
  /** Model the task ran on. */
  readonly model: string;
  /** Id of the failed task. */
  readonly taskId: string;
  /** The API's `failCode` (an open set of strings). */
  readonly failCode: string | undefined;
  /** The API's `failMsg`. */
  readonly failMsg: string | undefined;
  /** `content` and `input` never succeed when resent; `transient` may; `billing` needs a top-up. */
  readonly category: FailCategory;

  constructor(fields: TaskFailedFields) {
    super(
      `Task ${fields.taskId} failed: ${fields.failCode} ${fields.failMsg}. ${ADVICE[fields.category]}`,
    );
    this.model = fields.model;
    this.taskId = fields.taskId;
    this.failCode = fields.failCode;
    this.failMsg = fields.failMsg;
    this.category = fields.category;
  }
}

/**
 * `wait` reached its deadline. The task goes on remotely: resume waiting from its handle
 * (`apixo.wait({ model, taskId })`, or `apixo wait <model> <taskId>` on the command line).
 */
export class WaitTimeoutError extends ApixoError {
  static override readonly errorName: string = "WaitTimeoutError";
  /** Model the task runs on. */
  readonly model: string;
  /** Id of the task, still running remotely. */
  readonly taskId: string;

  constructor(model: string, taskId: string, timeoutMs: number, cause?: unknown) {
    super(
      `Task ${taskId} still runs after ${timeoutMs} ms. Resume: apixo.wait({ model: "${model}", ` +
        `taskId: "${taskId}" }) or \`apixo wait ${model} ${taskId}\`.`,
      { cause },
    );
    this.model = model;
    this.taskId = taskId;
  }
}

/** The task succeeded but its `resultJson` could not be parsed or held no result URL. */
export class ResultParseError extends ApixoError {
  static override readonly errorName: string = "ResultParseError";
  /** Id of the task. */
  readonly taskId: string;
  /** The raw `resultJson` string as received (may be undefined). */
  readonly resultJson: unknown;

  constructor(taskId: string, resultJson: unknown) {
    super(`Task ${taskId} succeeded without parseable result URLs: see resultJson.`);
    this.taskId = taskId;
    this.resultJson = resultJson;
  }
}
