import { ApixoError } from "./errors.js";
import type { FailCategory } from "./fail-category.js";

const ADVICE: Record<FailCategory, string> = {
  content: "Change the content; resending it as is fails again.",
  input: "Fix the input.",
  transient: "Resubmitting may succeed.",
  billing: "Top up, then resubmit.",
  unknown: "See failMsg.",
};

/** `CODE: message.`, without repeating a code the message already starts with. */
function failureText({ failCode, failMsg }: TaskFailedFields): string {
  const message = failMsg?.trim().replace(/\.+$/, "") ?? "";
  const text = !failCode || message.startsWith(failCode) ? message : `${failCode}: ${message}`;
  return `${text.replace(/:\s*$/, "") || "no reason given"}.`;
}

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
  declare readonly model: string;
  /** Id of the failed task. */
  declare readonly taskId: string;
  /** The API's `failCode` (an open set of strings). */
  declare readonly failCode: string | undefined;
  /** The API's `failMsg`. */
  declare readonly failMsg: string | undefined;
  /** `content` and `input` never succeed when resent; `transient` may; `billing` needs a top-up. */
  declare readonly category: FailCategory;

  constructor(fields: TaskFailedFields) {
    super(`Task ${fields.taskId} failed: ${failureText(fields)} ${ADVICE[fields.category]}`);
    Object.assign(this, fields);
  }
}

/**
 * `wait` reached its deadline. The task goes on remotely: resume waiting from its handle
 * (`apixo.wait({ model, taskId })`, or `apixo wait <model> <taskId>` on the command line).
 */
export class WaitTimeoutError extends ApixoError {
  static override readonly errorName: string = "WaitTimeoutError";
  /** Model the task runs on. */
  declare readonly model: string;
  /** Id of the task, still running remotely. */
  declare readonly taskId: string;

  constructor(model: string, taskId: string, timeoutMs: number) {
    super(
      `Task ${taskId} still runs after ${timeoutMs} ms. Resume: apixo.wait({ model: "${model}", ` +
        `taskId: "${taskId}" }) or \`apixo wait ${model} ${taskId}\`.`,
    );
    Object.assign(this, { model, taskId });
  }
}

/** The task succeeded but its `resultJson` could not be parsed or held no result URL. */
export class ResultParseError extends ApixoError {
  static override readonly errorName: string = "ResultParseError";
  /** Id of the task. */
  declare readonly taskId: string;
  /** The parsed `resultJson` (undefined when it was missing or not JSON). */
  declare readonly result: unknown;

  constructor(taskId: string, result: unknown) {
    super(`Task ${taskId} succeeded without parseable result URLs: see error.result.`);
    Object.assign(this, { taskId, result });
  }
}
