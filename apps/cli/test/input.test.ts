import { getModel } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { parseArgv } from "../src/internal/argv.js";
import { CliError } from "../src/internal/cli-error.js";
import { inputFromFlags } from "../src/internal/input-flags.js";
import { inputShapeOf, kebabCase } from "../src/internal/input-shape.js";
import { validateInput } from "../src/internal/validate-input.js";

// A trimmed video-model input: a oneOf by mode with integers, booleans, arrays and enums.
const videoSchema = {
  type: "object",
  oneOf: [
    {
      type: "object",
      additionalProperties: false,
      required: ["mode", "prompt", "sound"],
      properties: {
        mode: { const: "text-to-video" },
        prompt: { type: "string", minLength: 1, maxLength: 1000 },
        duration: { type: "integer", enum: [5, 10], default: 5 },
        sound: { type: "boolean" },
        cfg_scale: { type: "number", minimum: 0, maximum: 1 },
        aspect_ratio: { type: "string", enum: ["1:1", "9:16", "16:9"] },
      },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["mode", "prompt", "sound", "image_urls"],
      properties: {
        mode: { const: "image-to-video" },
        prompt: { type: "string", minLength: 1, maxLength: 1000 },
        duration: { type: "integer", enum: [5, 10], default: 5 },
        sound: { type: "boolean" },
        image_urls: {
          type: "array",
          minItems: 1,
          maxItems: 2,
          items: { type: "string", format: "uri" },
        },
      },
    },
  ],
};

function inputOf(argv: string[], schema: Record<string, unknown> = videoSchema) {
  const shape = inputShapeOf(schema);
  const arity = (name: string) => {
    const field = shape.fields.find((entry) => entry.flag === name || entry.aliases.includes(name));
    return field?.type === "boolean" ? "boolean" : field ? "value" : undefined;
  };
  const { input, unknown } = inputFromFlags(
    shape.fields,
    parseArgv(argv, arity as never).flags,
    () => false,
  );
  return { shape, input, unknown };
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    const cliError = error as CliError;
    expect(cliError.exitCode).toBe(2);
    return [cliError.message, ...cliError.hints].join("\n");
  }
  throw new Error("expected a usage error");
}

describe("schema → flags", () => {
  it("names flags in kebab-case, arrays singular with the plural as alias", () => {
    const { shape } = inputOf([]);
    const flags = Object.fromEntries(shape.fields.map((field) => [field.field, field.flag]));
    expect(flags).toMatchObject({
      aspect_ratio: "aspect-ratio",
      cfg_scale: "cfg-scale",
      image_urls: "image-url",
    });
    expect(shape.fields.find((field) => field.field === "image_urls")?.aliases).toEqual([
      "image-urls",
    ]);
    expect(kebabCase("customMode")).toBe("custom-mode");
    expect(shape.variants.map((variant) => variant.modes)).toEqual([
      ["text-to-video"],
      ["image-to-video"],
    ]);
  });

  it("types numbers, integers, booleans and repeated arrays", () => {
    const { input } = inputOf([
      "--mode",
      "image-to-video",
      "--prompt",
      "waves",
      "--duration",
      "10",
      "--sound",
      "--image-url",
      "https://a.example/1.png",
      "--image-urls",
      "https://a.example/2.png",
    ]);
    expect(input).toEqual({
      mode: "image-to-video",
      prompt: "waves",
      duration: 10,
      sound: true,
      image_urls: ["https://a.example/1.png", "https://a.example/2.png"],
    });
    expect(inputOf(["--no-sound", "--cfg-scale", "0.5"]).input).toEqual({
      sound: false,
      cfg_scale: 0.5,
    });
  });

  it("refuses a non-integer for an integer field", () => {
    expect(usageMessage(() => inputOf(["--duration", "5.5"]))).toMatch(
      /--duration must be a whole number/,
    );
  });

  it("reports flags the schema does not know", () => {
    expect(inputOf(["--promt", "x"]).unknown).toEqual(["promt"]);
  });
});

describe("validateInput", () => {
  it("accepts a valid input of the chosen mode", () => {
    const { shape, input } = inputOf(["--mode", "text-to-video", "--prompt", "x", "--sound"]);
    expect(validateInput(shape, input)).toEqual({ input });
  });

  it("refuses a wrong enum value with the allowed values and a did-you-mean", () => {
    const { shape, input } = inputOf([
      "--mode",
      "text-to-video",
      "--prompt",
      "x",
      "--sound",
      "--aspect-ratio",
      "16x9",
    ]);
    const message = usageMessage(() => validateInput(shape, input));
    expect(message).toContain("--aspect-ratio");
    expect(message).toContain("allowed: 1:1, 9:16, 16:9");
    expect(message).toContain("did you mean --aspect-ratio 16:9?");
  });

  it("checks against the branch of --mode", () => {
    const { shape, input } = inputOf(["--mode", "image-to-video", "--prompt", "x", "--sound"]);
    expect(usageMessage(() => validateInput(shape, input))).toMatch(/--image-url is required/);
  });

  it("suggests a mode for a mistyped one", () => {
    const { shape, input } = inputOf(["--mode", "text-to-vdeo", "--prompt", "x"]);
    expect(usageMessage(() => validateInput(shape, input))).toMatch(
      /did you mean --mode text-to-video\?/,
    );
  });

  it("infers the mode when none is given", () => {
    const { shape, input } = inputOf([
      "--prompt",
      "x",
      "--sound",
      "--image-url",
      "https://a.example/1.png",
    ]);
    expect(validateInput(shape, input)).toMatchObject({
      inferredMode: "image-to-video",
      input: { mode: "image-to-video" },
    });
  });

  it("names the modes that take a field the chosen mode does not", () => {
    const { shape, input } = inputOf([
      "--mode",
      "text-to-video",
      "--prompt",
      "x",
      "--sound",
      "--image-url",
      "https://a.example/1.png",
    ]);
    const message = usageMessage(() => validateInput(shape, input));
    expect(message).toContain("--image-url is not used in mode text-to-video");
    expect(message).toContain("modes that take it: image-to-video");
  });

  it("without --mode, reports against the mode that takes every given field", () => {
    const { shape, input } = inputOf(["--prompt", "x", "--sound", "--image-url", "not a url"]);
    const message = usageMessage(() => validateInput(shape, input));
    expect(message).toContain("checked as --mode image-to-video");
    expect(message).toContain('--image-url (value 1) must be a URL (got "not a url")');
  });

  it("asks for --mode when several modes take the input (flux-2 pro/flex)", () => {
    const model = getModel("flux-2");
    if (!model) throw new Error("flux-2 missing from the contract");
    const { shape, input } = inputOf(["--prompt", "a ceramic teapot"], model.inputSchema);
    expect(usageMessage(() => validateInput(shape, input))).toContain(
      "--mode is needed: this input fits pro-text-to-image, flex-text-to-image",
    );
  });

  it("lists every problem at once", () => {
    const { shape, input } = inputOf([
      "--mode",
      "text-to-video",
      "--prompt",
      "",
      "--duration",
      "7",
      "--sound",
    ]);
    const message = usageMessage(() => validateInput(shape, input));
    expect(message).toContain("2 problems");
    expect(message).toContain("--prompt");
    expect(message).toContain("--duration: 7 is not allowed; allowed: 5, 10");
  });

  it("works on the contract's nano-banana schema", () => {
    const model = getModel("nano-banana");
    if (!model) throw new Error("nano-banana missing from the contract");
    const { shape, input } = inputOf(
      ["--prompt", "A futuristic city", "--aspect-ratio", "16:9"],
      model.inputSchema,
    );
    expect(validateInput(shape, input)).toMatchObject({ inferredMode: "text-to-image" });
    const bad = inputOf(["--prompt", "x", "--aspect-ratio", "16:10"], model.inputSchema);
    expect(usageMessage(() => validateInput(bad.shape, bad.input))).toMatch(/allowed: 1:1, 4:3/);
  });
});
