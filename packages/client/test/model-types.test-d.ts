import { describe, expectTypeOf, it } from "vitest";
import {
  createApixo,
  type ModelId,
  type ModelInput,
  type Task,
  type TaskHandle,
} from "../src/index.js";

const apixo = createApixo({ apiKey: "k" });

describe("per-model typing", () => {
  it("derives the known model ids from the spec's paths, without the {model} template", () => {
    expectTypeOf<"nano-banana">().toExtend<ModelId>();
    expectTypeOf<"sora-2">().toExtend<ModelId>();
    expectTypeOf<"{model}">().not.toExtend<ModelId>();
    expectTypeOf<string>().not.toExtend<ModelId>();
  });

  it("accepts a valid nano-banana input", () => {
    expectTypeOf(
      apixo.submit("nano-banana", { mode: "text-to-image", prompt: "A fox", aspect_ratio: "16:9" }),
    ).resolves.toEqualTypeOf<TaskHandle<"nano-banana">>();
    apixo.submit("nano-banana", {
      mode: "image-to-image",
      prompt: "x",
      image_urls: ["https://a/b.png"],
    });
  });

  it("rejects a wrong enum, a missing required field, an unknown mode and mode-specific fields", () => {
    // @ts-expect-error aspect_ratio "7:3" is not in the enum
    apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x", aspect_ratio: "7:3" });
    // @ts-expect-error prompt is required
    apixo.submit("nano-banana", { mode: "text-to-image" });
    // @ts-expect-error image-to-image requires image_urls
    apixo.submit("nano-banana", { mode: "image-to-image", prompt: "x" });
    // @ts-expect-error unknown mode
    apixo.submit("nano-banana", { mode: "video", prompt: "x" });
    // @ts-expect-error misspelt field
    apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x", aspectRatio: "16:9" });
    // @ts-expect-error run checks the input the same way
    apixo.run("nano-banana", { mode: "text-to-image", prompt: 42 });
  });

  it("gives every model of the spec a typed input (neither never nor a loose record)", () => {
    type Untyped = {
      [M in ModelId]: [ModelInput<M>] extends [never]
        ? M
        : Record<string, unknown> extends ModelInput<M>
          ? M
          : never;
    }[ModelId];
    expectTypeOf<Untyped>().toEqualTypeOf<never>();
  });

  it("does not expose the $defs openapi-typescript keeps from the schema", () => {
    expectTypeOf<ModelInput<"nano-banana">>().not.toHaveProperty("$defs");
  });

  it("accepts any other model id with a loose input", () => {
    apixo.submit("some-model-from-tomorrow", { anything: 1, nested: { ok: true } });
    expectTypeOf<ModelInput<"some-model-from-tomorrow">>().toEqualTypeOf<Record<string, unknown>>();
    const id: string = "runtime-id";
    apixo.submit(id, { prompt: "x" });
  });

  it("types handles and tasks by model, and keeps them JSON-friendly", () => {
    expectTypeOf(
      apixo.run("nano-banana", { mode: "text-to-image", prompt: "x" }),
    ).resolves.toEqualTypeOf<Task<"nano-banana">>();
    expectTypeOf(apixo.wait({ model: "suno", taskId: "t" })).resolves.toExtend<Task>();
    expectTypeOf(apixo.balance()).resolves.toBeNumber();
  });
});
