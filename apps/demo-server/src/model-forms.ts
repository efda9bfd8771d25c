import type { ModelInfo } from "@apixo-ts/openapi";

/** How the page renders one input field. */
export type FieldControl = "text" | "textarea" | "url" | "select" | "number" | "checkbox" | "list";

/** One form field, derived from a model's input JSON Schema. */
export interface FieldSpec {
  name: string;
  control: FieldControl;
  /** JSON type of the value the page must send. */
  valueType: "string" | "integer" | "number" | "boolean" | "array";
  required: boolean;
  description?: string;
  enum?: Array<string | number | boolean>;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** The form of one model: its fields per mode (`""` when the model has no mode field). */
export interface ModelForm {
  id: string;
  title: string;
  kind: ModelInfo["kind"];
  modes: string[];
  fields: Record<string, FieldSpec[]>;
}

type Schema = Record<string, unknown>;
interface Flat {
  properties: Record<string, Schema>;
  required: Set<string>;
}

const asSchema = (value: unknown): Schema | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Schema) : undefined;
const asSchemas = (value: unknown): Schema[] =>
  Array.isArray(value) ? value.map(asSchema).filter((s) => s !== undefined) : [];

/** The mode values a (sub)schema admits, or undefined when it does not constrain `mode`. */
function modesOf(schema: Schema): unknown[] | undefined {
  const mode = asSchema(asSchema(schema.properties)?.mode);
  if (!mode) return undefined;
  if ("const" in mode) return [mode.const];
  if (Array.isArray(mode.enum)) return mode.enum;
  return undefined;
}

const admits = (schema: Schema, mode: string) => {
  const modes = modesOf(schema);
  return modes === undefined || mode === "" || modes.includes(mode);
};

/** Collects the properties and required names that apply to `mode`, through oneOf/anyOf/allOf/if-then. */
function flatten(schema: Schema, mode: string, into: Flat): void {
  const properties = asSchema(schema.properties) ?? {};
  for (const [name, property] of Object.entries(properties)) {
    const current = into.properties[name];
    into.properties[name] = { ...(current ?? {}), ...(asSchema(property) ?? {}) };
  }
  for (const name of Array.isArray(schema.required) ? schema.required : [])
    into.required.add(String(name));
  for (const part of asSchemas(schema.allOf)) flatten(part, mode, into);
  for (const variant of [...asSchemas(schema.oneOf), ...asSchemas(schema.anyOf)]) {
    if (admits(variant, mode)) flatten(variant, mode, into);
  }
  const condition = asSchema(schema.if);
  if (condition) {
    const branch = asSchema(
      admits(condition, mode) && modesOf(condition) ? schema.then : schema.else,
    );
    if (branch) flatten(branch, mode, into);
  }
}

/** Reduces `anyOf: [X, {type: null}]` and `oneOf` of consts to something a control can show. */
function simplify(property: Schema): Schema {
  const options = [...asSchemas(property.oneOf), ...asSchemas(property.anyOf)];
  if (options.length > 0 && options.every((option) => "const" in option)) {
    return { ...property, enum: options.map((option) => option.const) };
  }
  const nonNull = options.filter((option) => option.type !== "null");
  if (nonNull.length === 1) return { ...property, ...nonNull[0] };
  return property;
}

function typeOf(property: Schema): string | undefined {
  if (Array.isArray(property.type))
    return property.type.find((type) => type !== "null") as string | undefined;
  if (typeof property.type === "string") return property.type;
  if (Array.isArray(property.enum)) return typeof property.enum[0];
  if ("const" in property) return typeof property.const;
  return undefined;
}

const num = (value: unknown) => (typeof value === "number" ? value : undefined);

function toField(name: string, raw: Schema, required: boolean): FieldSpec | undefined {
  const property = simplify(raw);
  const type = typeOf(property);
  const base = {
    name,
    required,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    ...(property.default !== undefined ? { default: property.default } : {}),
  };
  const values = Array.isArray(property.enum)
    ? (property.enum as Array<string | number | boolean>)
    : undefined;
  if (values && (type === "string" || type === "integer" || type === "number")) {
    return {
      ...base,
      control: "select",
      valueType: type === "string" ? "string" : type,
      enum: values,
    };
  }
  switch (type) {
    case "boolean":
      return { ...base, control: "checkbox", valueType: "boolean" };
    case "integer":
    case "number": {
      const minimum = num(property.minimum) ?? num(property.exclusiveMinimum);
      const maximum = num(property.maximum) ?? num(property.exclusiveMaximum);
      return {
        ...base,
        control: "number",
        valueType: type,
        ...(minimum !== undefined ? { minimum } : {}),
        ...(maximum !== undefined ? { maximum } : {}),
      };
    }
    case "string": {
      const maxLength = num(property.maxLength);
      const minLength = num(property.minLength);
      const long = name.includes("prompt") || (maxLength ?? 0) > 300;
      const control: FieldControl = property.format === "uri" ? "url" : long ? "textarea" : "text";
      return {
        ...base,
        control,
        valueType: "string",
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
      };
    }
    case "array": {
      const items = asSchema(property.items) ?? {};
      if (typeOf(simplify(items)) !== "string") return undefined; // no control for arrays of objects
      const minItems = num(property.minItems);
      const maxItems = num(property.maxItems);
      return {
        ...base,
        control: "list",
        valueType: "array",
        ...(minItems !== undefined ? { minItems } : {}),
        ...(maxItems !== undefined ? { maxItems } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** Builds the fields of one model for one mode (`""` = no mode); `mode` itself is not a field. */
export function fieldsFor(inputSchema: Record<string, unknown>, mode: string): FieldSpec[] {
  const flat: Flat = { properties: {}, required: new Set() };
  flatten(inputSchema, mode, flat);
  const fields: FieldSpec[] = [];
  for (const [name, property] of Object.entries(flat.properties)) {
    if (name === "mode") continue;
    const field = toField(name, property, flat.required.has(name));
    if (field) fields.push(field);
  }
  // Required fields first, then the schema's order.
  return fields.sort((a, b) => Number(b.required) - Number(a.required));
}

/** Builds the page's forms from the contract's model table. */
export function buildModelForms(models: readonly ModelInfo[]): ModelForm[] {
  return models.map((model) => {
    const modes = model.modes.length > 0 ? model.modes : [""];
    return {
      id: model.id,
      title: model.title,
      kind: model.kind,
      modes: [...model.modes],
      fields: Object.fromEntries(modes.map((mode) => [mode, fieldsFor(model.inputSchema, mode)])),
    };
  });
}
