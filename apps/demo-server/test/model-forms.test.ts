import { models } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { buildModelForms, fieldsFor } from "../src/model-forms.js";

describe("fieldsFor", () => {
  const schema = {
    type: "object",
    oneOf: [
      {
        type: "object",
        required: ["mode", "prompt"],
        properties: {
          mode: { const: "text-to-image" },
          prompt: { type: "string", minLength: 1, maxLength: 5000, description: "What to draw." },
          aspect_ratio: { type: "string", enum: ["1:1", "16:9"] },
          sound: { type: "boolean" },
        },
      },
      {
        type: "object",
        required: ["mode", "prompt", "image_urls"],
        properties: {
          mode: { const: "image-to-image" },
          prompt: { type: "string", maxLength: 5000 },
          image_urls: {
            type: "array",
            minItems: 1,
            maxItems: 5,
            items: { type: "string", format: "uri" },
          },
          duration: { type: "integer", enum: [4, 8, 12] },
          strength: { type: "number", minimum: 0, maximum: 1 },
        },
      },
    ],
  };

  it.each([
    ["text-to-image", ["prompt", "aspect_ratio", "sound"]],
    ["image-to-image", ["prompt", "image_urls", "duration", "strength"]],
  ])("%s gets only that mode's fields, required first", (mode, names) => {
    expect(fieldsFor(schema, mode).map((field) => field.name)).toEqual(names);
  });

  it("maps enums to selects, limits to min/max, arrays of URLs to lists", () => {
    const [prompt, aspect, sound] = fieldsFor(schema, "text-to-image");
    expect(prompt).toMatchObject({
      control: "textarea",
      required: true,
      minLength: 1,
      maxLength: 5000,
      description: "What to draw.",
    });
    expect(aspect).toMatchObject({
      control: "select",
      valueType: "string",
      enum: ["1:1", "16:9"],
      required: false,
    });
    expect(sound).toMatchObject({ control: "checkbox", valueType: "boolean" });
    const fields = Object.fromEntries(
      fieldsFor(schema, "image-to-image").map((field) => [field.name, field]),
    );
    expect(fields.image_urls).toMatchObject({
      control: "list",
      valueType: "array",
      minItems: 1,
      maxItems: 5,
      required: true,
    });
    expect(fields.duration).toMatchObject({
      control: "select",
      valueType: "integer",
      enum: [4, 8, 12],
    });
    expect(fields.strength).toMatchObject({
      control: "number",
      valueType: "number",
      minimum: 0,
      maximum: 1,
    });
  });

  it("follows allOf with if/then on the mode", () => {
    const conditional = {
      type: "object",
      properties: { mode: { enum: ["a", "b"] }, prompt: { type: "string" } },
      allOf: [
        {
          if: { properties: { mode: { const: "b" } } },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
          then: { required: ["size"], properties: { size: { type: "integer" } } },
        },
      ],
    };
    expect(fieldsFor(conditional, "a").map((field) => field.name)).toEqual(["prompt"]);
    expect(fieldsFor(conditional, "b").map((field) => [field.name, field.required])).toEqual([
      ["size", true],
      ["prompt", false],
    ]);
  });
});

describe("buildModelForms on the real contract", () => {
  const forms = buildModelForms(models);

  it("has a form for every model of the contract, with fields for every mode", () => {
    expect(forms.map((form) => form.id)).toEqual(models.map((model) => model.id));
    for (const form of forms) {
      for (const mode of form.modes.length > 0 ? form.modes : [""]) {
        expect(form.fields[mode]?.length, `${form.id} ${mode}`).toBeGreaterThan(0);
      }
    }
  });

  it("gives nano-banana text-to-image a required prompt with the contract's limits and aspect ratios", () => {
    const form = forms.find((candidate) => candidate.id === "nano-banana");
    const fields = form?.fields["text-to-image"] ?? [];
    expect(fields.find((field) => field.name === "prompt")).toMatchObject({
      required: true,
      minLength: 1,
      maxLength: 5000,
    });
    expect(fields.find((field) => field.name === "aspect_ratio")?.enum).toContain("16:9");
    expect(fields.some((field) => field.name === "image_urls")).toBe(false);
    expect(
      form?.fields["image-to-image"]?.find((field) => field.name === "image_urls"),
    ).toMatchObject({ required: true, maxItems: 5 });
  });
});
