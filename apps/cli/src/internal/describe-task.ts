import type { Task } from "@apixo-ts/client";
import { formatDuration } from "./duration.js";
import { failureText } from "./failure-text.js";
import type { Style } from "./output.js";

/** A task in a few lines for a person: state, timing, outputs or failure. */
export function describeTask(task: Task, style: Style): string[] {
  const colour =
    task.state === "success" ? style.green : task.state === "failed" ? style.red : style.yellow;
  const timing =
    task.costTime !== undefined
      ? `took ${formatDuration(task.costTime)}`
      : `created ${new Date(task.createTime).toISOString()}`;
  const lines = [`${task.model} ${task.taskId}: ${colour(task.state)} (${timing})`];
  if (task.state === "failed") {
    lines.push(`  ${failureText(task)}`);
  }
  for (const url of task.resultUrls) lines.push(`  ${url}`);
  return lines;
}
