import type { ErrorObject } from "ajv/dist/2020.js";
import { didYouMean } from "./did-you-mean.js";
import type { InputField, InputShape } from "./input-shape.js";

/** One problem with an input, worded for the command line. */
export interface Problem {
  message: string;
  hints: string[];
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function label(field: InputField | undefined, name: string): string {
  return field ? `--${field.flag}` : `input.${name}`;
}

const formatNames: Record<string, string> = {
  uri: "URL",
  "uri-reference": "URL",
  email: "e-mail address",
};

function plural(count: unknown, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Words one ajv error in terms of flags: `--aspect-ratio: "16x9" is not allowed; allowed: ...`
 * with a "did you mean", `--prompt must be at least 3 characters`, `--image-url is not used in
 * mode pro-text-to-image`. `fields` are those of the mode being checked, `shape` the whole model.
 */
export function explainSchemaError(
  error: ErrorObject,
  fields: readonly InputField[],
  shape: InputShape,
  input: Record<string, unknown>,
): Problem {
  const [name = "", ...rest] = error.instancePath.split("/").slice(1);
  const field = fields.find((candidate) => candidate.field === name);
  const at = label(field, name) + (rest.length > 0 ? ` (value ${Number(rest[0]) + 1})` : "");
  const given = rest.length > 0 ? (input[name] as unknown[])[Number(rest[0])] : input[name];
  const { params } = error;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return {
        message: `${label(
          fields.find((entry) => entry.field === missing),
          missing,
        )} is required`,
        hints: [],
      };
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const elsewhere = shape.fields.find((entry) => entry.field === extra);
      if (elsewhere) {
        const modes = shape.variants
          .filter((variant) => variant.fields.some((entry) => entry.field === extra))
          .flatMap((variant) => variant.modes);
        const mode = typeof input.mode === "string" ? ` in mode ${input.mode}` : "";
        return {
          message: `--${elsewhere.flag} is not used${mode}`,
          hints: modes.length > 0 ? [`modes that take it: ${modes.join(", ")}`] : [],
        };
      }
      const suggestion = didYouMean(
        extra,
        shape.fields.map((entry) => entry.field),
      );
      return {
        message: `input.${extra} is not a field of this model`,
        hints: suggestion ? [`did you mean ${suggestion}?`] : [],
      };
    }
    case "minLength":
      return {
        message: `${at} must be at least ${plural(params.limit, "character")} long`,
        hints: [],
      };
    case "maxLength":
      return {
        message: `${at} must be at most ${plural(params.limit, "character")} long (it has ${String(given).length})`,
        hints: [],
      };
    case "minItems":
      return {
        message: `${at} needs at least ${plural(params.limit, "value")}: repeat the flag`,
        hints: [],
      };
    case "maxItems":
      return { message: `${at} takes at most ${plural(params.limit, "value")}`, hints: [] };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        message: `${at} must be ${params.comparison} ${params.limit} (got ${show(given)})`,
        hints: [],
      };
    case "format":
      return {
        message: `${at} must be a ${formatNames[String(params.format)] ?? String(params.format)} (got "${show(given)}")`,
        hints: [],
      };
    case "type": {
      const type = String(params.type);
      return { message: `${at} must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`, hints: [] };
    }
  }
  const allowed = field?.values;
  if (allowed && ["enum", "const", "oneOf", "anyOf"].includes(error.keyword)) {
    // A near-miss string is a typo worth naming; a near-miss number is just another number.
    const suggestion = typeof given === "string" ? didYouMean(given, allowed.map(show)) : undefined;
    return {
      message: `${at}: ${JSON.stringify(given)} is not allowed; allowed: ${allowed.map(show).join(", ")}`,
      hints: suggestion ? [`did you mean ${label(field, name)} ${suggestion}?`] : [],
    };
  }
  return { message: `${at} ${error.message ?? "is invalid"}`, hints: [] };
}
