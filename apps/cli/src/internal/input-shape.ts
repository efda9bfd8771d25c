import {
  allowedValuesOf,
  alternativesOf,
  mergeBranch,
  primitiveTypeOf,
  propertiesOf,
  requiredOf,
  type Schema,
} from "./json-schema.js";

/** One input field of a model, as a command-line flag. */
export interface InputField {
  /** The API's field name: `aspect_ratio`, `image_urls`, `customMode`. */
  field: string;
  /** The flag, kebab-case and singular for arrays: `aspect-ratio`, `image-url`, `custom-mode`. */
  flag: string;
  /** Other accepted spellings: the plural of an array flag (`image-urls`). */
  aliases: string[];
  /** JSON type: string, number, integer, boolean, array, object (or `unknown`). */
  type: string;
  /** For arrays: the item type. */
  itemType?: string;
  /** Allowed values, when the schema lists them (for arrays: of each item). */
  values?: unknown[];
  default?: unknown;
  description?: string;
  /** Numeric and length limits, straight from the schema (`minLength`, `maximum`, `maxItems`, ...). */
  limits: Record<string, number>;
  /** Whether the schema requires the field (in the mode being described). */
  required: boolean;
}

/** The fields of one mode of a model (or of the whole model when it has no modes). */
export interface InputVariant {
  /** The `mode` values this variant covers; empty for a model without modes. */
  modes: string[];
  /** The schema to validate an input of this variant against. */
  schema: Schema;
  fields: InputField[];
}

/** A model's inputs, read from its `inputSchema`: each variant, and every flag across them. */
export interface InputShape {
  variants: InputVariant[];
  /** Every field of every variant, once (first definition wins); used to type flags. */
  fields: InputField[];
}

const limitKeywords = [
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "multipleOf",
];

/** `aspect_ratio` / `customMode` → `aspect-ratio` / `custom-mode`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .toLowerCase();
}

function singular(flag: string): string {
  return flag.endsWith("s") && !flag.endsWith("ss") ? flag.slice(0, -1) : flag;
}

function describeField(field: string, schema: Schema, required: boolean): InputField {
  const type = primitiveTypeOf(schema) ?? "unknown";
  const items =
    type === "array" && typeof schema.items === "object" ? (schema.items as Schema) : {};
  const values = type === "array" ? allowedValuesOf(items) : allowedValuesOf(schema);
  const flag = kebabCase(field);
  const limits: Record<string, number> = {};
  for (const keyword of limitKeywords) {
    const value = schema[keyword];
    if (typeof value === "number") limits[keyword] = value;
  }
  return {
    field,
    flag: type === "array" ? singular(flag) : flag,
    aliases: type === "array" && singular(flag) !== flag ? [flag] : [],
    type,
    ...(type === "array" ? { itemType: primitiveTypeOf(items) ?? "string" } : {}),
    ...(values ? { values } : {}),
    ...("default" in schema ? { default: schema.default } : {}),
    ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    limits,
    required,
  };
}

function fieldsOf(schema: Schema): InputField[] {
  const required = new Set(requiredOf(schema));
  return Object.entries(propertiesOf(schema)).map(([field, property]) =>
    describeField(field, property, required.has(field)),
  );
}

function modesOf(schema: Schema): string[] {
  const mode = propertiesOf(schema).mode;
  const allowed = mode ? allowedValuesOf(mode) : undefined;
  return (allowed ?? []).filter((value): value is string => typeof value === "string");
}

/** Reads a model's input schema into flags and per-mode variants. */
export function inputShapeOf(inputSchema: Schema): InputShape {
  const alternatives = alternativesOf(inputSchema);
  const variants: InputVariant[] =
    alternatives.length === 0
      ? [{ modes: modesOf(inputSchema), schema: inputSchema, fields: fieldsOf(inputSchema) }]
      : alternatives.map((branch) => {
          const schema = mergeBranch(inputSchema, branch);
          return { modes: modesOf(schema), schema, fields: fieldsOf(schema) };
        });
  const byField = new Map<string, InputField>();
  for (const variant of variants) {
    for (const field of variant.fields)
      if (!byField.has(field.field)) byField.set(field.field, field);
  }
  return { variants, fields: [...byField.values()] };
}

/**
 * The variant an input belongs to: the one listing its `mode`, the only one, or — when no mode is
 * given — the variant of the schema's default mode. `undefined` when the mode is missing and
 * needed, or unknown.
 */
export function variantFor(shape: InputShape, mode: unknown): InputVariant | undefined {
  if (shape.variants.length === 1) return shape.variants[0];
  if (typeof mode === "string")
    return shape.variants.find((variant) => variant.modes.includes(mode));
  const defaultMode = shape.fields.find((field) => field.field === "mode")?.default;
  if (typeof defaultMode === "string") {
    return shape.variants.find((variant) => variant.modes.includes(defaultMode));
  }
  return undefined;
}
