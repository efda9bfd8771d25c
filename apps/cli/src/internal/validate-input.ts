import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { usageError } from "./cli-error.js";
import { didYouMean } from "./did-you-mean.js";
import { type InputField, type InputShape, type InputVariant, variantFor } from "./input-shape.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: Ajv2020) => Ajv2020;

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function label(field: InputField | undefined, name: string): string {
  return field ? `--${field.flag}` : `input.${name}`;
}

function explain(
  error: ErrorObject,
  fields: readonly InputField[],
  input: Record<string, unknown>,
) {
  const [name = "", ...rest] = error.instancePath.split("/").slice(1);
  const field = fields.find((candidate) => candidate.field === name);
  const at = label(field, name) + (rest.length > 0 ? ` (item ${Number(rest[0]) + 1})` : "");
  if (error.keyword === "required") {
    const missing = String(error.params.missingProperty);
    const missingField = fields.find((candidate) => candidate.field === missing);
    return { message: `${label(missingField, missing)} is required`, hints: [] };
  }
  if (error.keyword === "additionalProperties") {
    const extra = String(error.params.additionalProperty);
    const suggestion = didYouMean(
      extra,
      fields.map((candidate) => candidate.field),
    );
    return {
      message: `input.${extra} is not a field of this model`,
      hints: suggestion ? [`did you mean ${suggestion}?`] : [],
    };
  }
  const allowed = field?.values;
  if (allowed && ["enum", "const", "oneOf", "anyOf"].includes(error.keyword)) {
    const given = rest.length > 0 ? (input[name] as unknown[])[Number(rest[0])] : input[name];
    const suggestion = didYouMean(show(given), allowed.map(show));
    return {
      message: `${at}: ${JSON.stringify(given)} is not allowed; allowed: ${allowed.map(show).join(", ")}`,
      hints: suggestion ? [`did you mean ${label(field, name)} ${suggestion}?`] : [],
    };
  }
  return { message: `${at} ${error.message ?? "is invalid"}`, hints: [] };
}

type Check = (input: Record<string, unknown>) => ErrorObject[];

function checker(): (variant: InputVariant) => Check {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<InputVariant, Check>();
  return (variant) => {
    let check = compiled.get(variant);
    if (!check) {
      const validate = ajv.compile(variant.schema);
      check = (input) => (validate(input) ? [] : [...(validate.errors ?? [])]);
      compiled.set(variant, check);
    }
    return check;
  };
}

function refuse(
  errors: readonly ErrorObject[],
  variant: InputVariant,
  input: Record<string, unknown>,
  context: string,
): never {
  const seen = new Set<string>();
  const problems: { message: string; hints: string[] }[] = [];
  for (const error of errors) {
    // One problem per field: a `oneOf` of constants reports each branch; the first says enough.
    const key =
      error.keyword === "required"
        ? `required:${error.params.missingProperty}`
        : error.instancePath;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(explain(error, variant.fields, input));
  }
  const [first, ...others] = problems;
  throw usageError(
    others.length === 0
      ? `invalid input${context}: ${first?.message}`
      : `invalid input${context}: ${problems.length} problems`,
    others.length === 0
      ? (first?.hints ?? [])
      : problems.flatMap((problem) => [
          problem.message,
          ...problem.hints.map((hint) => `  ${hint}`),
        ]),
  );
}

/** The checked input, and the mode chosen for it when none was given. */
export interface ValidatedInput {
  input: Record<string, unknown>;
  inferredMode?: string;
}

/**
 * Checks an input against the model's schema with ajv, before anything is sent. For a model whose
 * schema is a `oneOf` by `mode`, the input is checked against the branch of its mode; without
 * `--mode`, the first mode (the schema's default first) whose branch accepts the input is chosen
 * and reported. Throws a usage error (exit 2) listing every problem, with the allowed values and
 * a "did you mean" hint.
 */
export function validateInput(shape: InputShape, input: Record<string, unknown>): ValidatedInput {
  const check = checker();
  const modes = shape.variants.flatMap((variant) => variant.modes);
  if (input.mode !== undefined || modes.length === 0) {
    const variant = variantFor(shape, input.mode);
    if (!variant) {
      const suggestion = didYouMean(show(input.mode), modes);
      throw usageError(
        `--mode: ${JSON.stringify(input.mode)} is not allowed; allowed: ${modes.join(", ")}`,
        suggestion ? [`did you mean --mode ${suggestion}?`] : [],
      );
    }
    const errors = check(variant)(input);
    if (errors.length > 0) {
      refuse(errors, variant, input, typeof input.mode === "string" ? ` (mode ${input.mode})` : "");
    }
    return { input };
  }
  const preferred = variantFor(shape, undefined);
  const order = preferred
    ? [preferred, ...shape.variants.filter((variant) => variant !== preferred)]
    : shape.variants;
  for (const variant of order) {
    for (const mode of variant.modes) {
      const candidate = { mode, ...input };
      if (check(variant)(candidate).length === 0) return { input: candidate, inferredMode: mode };
    }
  }
  // No mode accepts the input: report against the mode it comes closest to.
  let closest:
    | { variant: InputVariant; candidate: Record<string, unknown>; errors: ErrorObject[] }
    | undefined;
  for (const variant of order) {
    for (const mode of variant.modes) {
      const candidate = { mode, ...input };
      const errors = check(variant)(candidate);
      if (!closest || errors.length < closest.errors.length)
        closest = { variant, candidate, errors };
    }
  }
  if (!closest) throw usageError("this model's schema lists no modes");
  refuse(
    closest.errors,
    closest.variant,
    closest.candidate,
    ` (checked as --mode ${String(closest.candidate.mode)}; modes: ${modes.join(", ")})`,
  );
}
