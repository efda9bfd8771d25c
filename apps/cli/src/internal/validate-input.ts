import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { usageError } from "./cli-error.js";
import { didYouMean } from "./did-you-mean.js";
import { explainSchemaError, type Problem } from "./explain-schema-error.js";
import { type InputShape, type InputVariant, variantFor } from "./input-shape.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as (ajv: Ajv2020) => Ajv2020;

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
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
  shape: InputShape,
  variant: InputVariant,
  input: Record<string, unknown>,
  context: string,
): never {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    // `if` only says that its `then` failed; the `then` errors themselves name the fields.
    if (error.keyword === "if") continue;
    // One problem per field: a `oneOf` of constants reports each branch; the first says enough.
    const key =
      error.keyword === "required"
        ? `required:${error.params.missingProperty}`
        : error.instancePath;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(explainSchemaError(error, variant.fields, shape, input));
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
 * `--mode`, the mode is chosen when exactly one mode accepts the input (a prompt alone →
 * `text-to-image`), and asked for when several do. Throws a usage error (exit 2) listing every problem, with the allowed values and
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
      refuse(
        errors,
        shape,
        variant,
        input,
        typeof input.mode === "string" ? ` (mode ${input.mode})` : "",
      );
    }
    return { input };
  }
  const preferred = variantFor(shape, undefined);
  const order = preferred
    ? [preferred, ...shape.variants.filter((variant) => variant !== preferred)]
    : shape.variants;
  const fitting = order.flatMap((variant) =>
    variant.modes.filter((mode) => check(variant)({ mode, ...input }).length === 0),
  );
  const [only] = fitting;
  if (fitting.length === 1 && only !== undefined) {
    // A model with a single mode needs no announcement; otherwise say which mode was taken.
    return modes.length === 1
      ? { input: { mode: only, ...input } }
      : { input: { mode: only, ...input }, inferredMode: only };
  }
  if (fitting.length > 1) {
    // Several modes take this input (tiers such as pro/flex, or versions): a choice of price and
    // quality the user makes, not one to guess.
    throw usageError(`--mode is needed: this input fits ${fitting.join(", ")}`, [
      `for example: --mode ${fitting[0]}`,
    ]);
  }
  // No mode accepts the input: report against the mode it comes closest to, preferring modes that
  // take every field given (a field foreign to a mode says more about the mode than the input).
  let closest:
    | {
        variant: InputVariant;
        candidate: Record<string, unknown>;
        errors: ErrorObject[];
        score: number;
      }
    | undefined;
  for (const variant of order) {
    for (const mode of variant.modes) {
      const candidate = { mode, ...input };
      const errors = check(variant)(candidate);
      const foreign = errors.filter((error) => error.keyword === "additionalProperties").length;
      const score = errors.length + 100 * foreign;
      if (!closest || score < closest.score) closest = { variant, candidate, errors, score };
    }
  }
  if (!closest) throw usageError("this model's schema lists no modes");
  refuse(
    closest.errors,
    shape,
    closest.variant,
    closest.candidate,
    ` (checked as --mode ${String(closest.candidate.mode)}; modes: ${modes.join(", ")})`,
  );
}
