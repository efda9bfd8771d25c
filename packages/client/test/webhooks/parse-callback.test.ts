import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toTask } from "../../src/task.js";
import { CallbackPayloadError } from "../../src/webhooks/errors.js";
import { parseCallback } from "../../src/webhooks/parse-callback.js";
import { envelope, successData } from "./helpers.js";

describe("parseCallback", () => {
  const expected = {
    model: "nano-banana",
    taskId: "task_abc",
    state: "success",
    createTime: 1_700_000_000_000,
    completeTime: 1_700_000_012_000,
    costTime: 12_000,
    resultUrls: ["https://cdn.apixo.ai/output/abc.jpg"],
    result: { resultUrls: ["https://cdn.apixo.ai/output/abc.jpg"] },
  };

  it.each([
    ["a string", envelope(successData)],
    ["bytes", new TextEncoder().encode(envelope(successData))],
    ["an ArrayBuffer", new TextEncoder().encode(envelope(successData)).buffer],
    ["a parsed object", JSON.parse(envelope(successData)) as object],
  ])("normalises the statusTask envelope given as %s", (_name, body) => {
    expect(parseCallback(body, { model: "nano-banana" })).toEqual(expected);
  });

  it("equals what status() makes of the same data (the client's own normaliser)", () => {
    expect(parseCallback(envelope(successData), { model: "nano-banana" })).toEqual(
      toTask({ model: "nano-banana", taskId: "task_abc" }, successData),
    );
  });

  it('reads a resultJson of "null" as no result, not as an unreadable body', () => {
    const task = parseCallback(envelope({ taskId: "t", state: "success", resultJson: "null" }));
    expect(task).toMatchObject({ taskId: "t", state: "success", resultUrls: [] });
    expect(task).not.toHaveProperty("result");
  });

  it("keeps failure fields and unknown states as they are", () => {
    const failed = parseCallback(
      envelope({ taskId: "t", state: "failed", failCode: "NSFW", failMsg: "no", createTime: 1 }),
    );
    expect(failed).toMatchObject({
      model: "",
      state: "failed",
      failCode: "NSFW",
      failMsg: "no",
      resultUrls: [],
    });
    expect(
      parseCallback(envelope({ taskId: "t", state: "processing_r2", createTime: 1 })).state,
    ).toBe("processing_r2");
  });

  it("takes the model from the body when it carries one", () => {
    expect(parseCallback(envelope({ taskId: "t", state: "pending", model: "flux-2" })).model).toBe(
      "flux-2",
    );
  });

  it.each([
    ["not JSON", "<html>", "invalid_json"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "invalid_json"],
    ["a JSON array", "[1,2]", "invalid_envelope"],
    ["JSON null", "null", "invalid_envelope"],
    ["no data", JSON.stringify({ code: 200, message: "x" }), "invalid_envelope"],
    ["data is a string", JSON.stringify({ code: 200, data: "x" }), "invalid_envelope"],
    ["no taskId", envelope({ state: "success" }), "invalid_envelope"],
    ["a numeric taskId", envelope({ taskId: 7, state: "success" }), "invalid_envelope"],
    ["no state", envelope({ taskId: "t" }), "invalid_envelope"],
  ])("refuses a body that is %s", (_name, body, code) => {
    const error = catchError(() => parseCallback(body));
    expect(CallbackPayloadError.isInstance(error)).toBe(true);
    expect((error as CallbackPayloadError).code).toBe(code);
  });

  it("turns hostile objects into a typed error", () => {
    const hostile = {
      get data(): unknown {
        throw new Error("boom");
      },
    };
    const error = catchError(() => parseCallback(hostile));
    expect(CallbackPayloadError.isInstance(error)).toBe(true);
  });

  it("property: random bodies give a Task or a CallbackPayloadError, never anything else", {
    timeout: 60_000,
  }, () => {
    const data = fc.record(
      {
        taskId: fc.oneof(fc.string(), fc.integer()),
        state: fc.oneof(fc.constantFrom("pending", "processing", "success", "failed"), fc.string()),
        resultJson: fc.oneof(fc.string(), fc.json(), fc.anything()),
        createTime: fc.anything(),
        failCode: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array(),
          fc.anything(),
          data.map((value) => ({ code: 200, message: "success", data: value })),
          data.map((value) => envelope(value)),
        ),
        (body) => {
          let task: unknown;
          try {
            task = parseCallback(body as string);
          } catch (error) {
            expect(CallbackPayloadError.isInstance(error)).toBe(true);
            return;
          }
          expect(task).toMatchObject({
            taskId: expect.any(String),
            state: expect.any(String),
            resultUrls: expect.any(Array),
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
