import { describe, expectTypeOf, it } from "vitest";
import { type BatchClient, type BatchItem, batch } from "../src/batch.js";
import { createApixo } from "../src/client.js";

describe("batch types", () => {
  it("accepts the client itself", () => {
    expectTypeOf(createApixo({ apiKey: "k" })).toMatchTypeOf<BatchClient>();
    expectTypeOf(batch).parameter(0).toEqualTypeOf<BatchClient>();
  });

  it("accepts known models with their input and any other model id", () => {
    expectTypeOf({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "a fox" },
    } as const).toMatchTypeOf<BatchItem>();
    expectTypeOf({ model: "some-new-model", input: { anything: 1 } }).toMatchTypeOf<BatchItem>();
    expectTypeOf<"nano-banana">().toMatchTypeOf<BatchItem["model"]>();
  });
});
