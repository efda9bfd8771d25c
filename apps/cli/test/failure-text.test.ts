import { describe, expect, it } from "vitest";
import { failureText } from "../src/internal/failure-text.js";

describe("failureText", () => {
  it.each([
    [
      { failCode: "CONTENT_VIOLATION", failMsg: "CONTENT_VIOLATION: The prompt was refused." },
      "CONTENT_VIOLATION: The prompt was refused",
    ],
    [{ failCode: "TIMEOUT", failMsg: "Generation timed out" }, "TIMEOUT: Generation timed out"],
    [{ failCode: "E1" }, "E1"],
    [{ failMsg: "Something broke." }, "Something broke"],
    [{}, "no failCode or message from the API"],
  ])("%j → %s", (error, text) => {
    expect(failureText(error)).toBe(text);
  });
});
