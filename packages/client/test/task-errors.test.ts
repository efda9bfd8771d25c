import { describe, expect, it } from "vitest";
import { TaskFailedError } from "../src/task-errors.js";

const cases: [string, { failCode?: string; failMsg?: string }, string][] = [
  [
    "code and message",
    { failCode: "PROMPT_TOO_LONG", failMsg: "The prompt is too long" },
    "PROMPT_TOO_LONG: The prompt is too long.",
  ],
  [
    "message that already starts with the code",
    { failCode: "CONTENT_VIOLATION", failMsg: "CONTENT_VIOLATION: blocked." },
    "CONTENT_VIOLATION: blocked.",
  ],
  ["code alone", { failCode: "GENERATION_FAILED" }, "GENERATION_FAILED."],
  ["nothing", {}, "no reason given."],
];

describe("TaskFailedError message", () => {
  it.each(cases)("%s", (_name, fields, want) => {
    const error = new TaskFailedError({ model: "m", taskId: "t1", category: "input", ...fields });
    expect(error.message).toBe(`Task t1 failed: ${want} Fix the input.`);
    expect(error.failCode).toBe(fields.failCode);
  });
});
