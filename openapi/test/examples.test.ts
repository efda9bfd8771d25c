import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { contract } from "../dist/index.js";
import { collectExamples, createAjv, selfContained } from "./helpers.js";

const document = contract as Record<string, unknown>;
const examples = collectExamples(document);
const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

/** Compiles each distinct schema once (many examples share their schema). */
function compile(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(selfContained(schema, document));
    compiled.set(key, validate);
  }
  return validate;
}

describe("examples in the spec", () => {
  it("exist on every operation and webhook", () => {
    const operations = new Set(
      examples.map((example) => example.where.split(" ").slice(0, 2).join(" ")),
    );
    // 19 model paths + generic submit + status + balance + the callback webhook
    expect(operations.size).toBe(23);
    expect(
      examples.filter((example) => example.where.includes(" request ")).length,
    ).toBeGreaterThan(40);
  });

  it.each(examples.map((example) => [example.where, example] as const))(
    "%s validates",
    (_where, example) => {
      const validate = compile(example.schema);
      const valid = validate(example.value);
      expect(validate.errors ?? [], JSON.stringify(example.value)).toEqual([]);
      expect(valid).toBe(true);
    },
  );
});
