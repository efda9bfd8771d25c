/** A JSON Schema object as found in the contract (2020-12, dereferenced). */
export type Schema = Record<string, unknown>;

/** Narrows an unknown value to a schema object. */
export function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The alternatives of a schema's `oneOf` or `anyOf`, if it has any. */
export function alternativesOf(schema: Schema): Schema[] {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter(isSchema) : [];
}

/** The `properties` of a schema, as name → schema. */
export function propertiesOf(schema: Schema): Record<string, Schema> {
  const properties = schema.properties;
  if (!isSchema(properties)) return {};
  const result: Record<string, Schema> = {};
  for (const [name, value] of Object.entries(properties)) if (isSchema(value)) result[name] = value;
  return result;
}

/** The `required` names of a schema. */
export function requiredOf(schema: Schema): string[] {
  return Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === "string")
    : [];
}

/** The constant values a schema allows (`const`, `enum`, or a `oneOf`/`anyOf` of those). */
export function allowedValuesOf(schema: Schema): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  const alternatives = alternativesOf(schema);
  if (alternatives.length === 0) return undefined;
  const values: unknown[] = [];
  for (const alternative of alternatives) {
    const allowed = allowedValuesOf(alternative);
    if (!allowed) return undefined; // one open alternative makes the whole set open
    values.push(...allowed);
  }
  return values;
}

/** The primitive JSON type a schema describes (ignoring `null`), if it can be told. */
export function primitiveTypeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((entry) => entry !== "null");
  const allowed = allowedValuesOf(schema);
  if (allowed && allowed.length > 0) {
    const first = allowed[0];
    if (typeof first === "number") return allowed.every(Number.isInteger) ? "integer" : "number";
    return typeof first;
  }
  for (const alternative of alternativesOf(schema)) {
    const found = primitiveTypeOf(alternative);
    if (found && found !== "null") return found;
  }
  return undefined;
}

/**
 * Merges the base of a schema (without its `oneOf`/`anyOf`) with one alternative: properties are
 * combined (the alternative wins), `required` lists are joined, other keywords of the alternative
 * win. This is how a `oneOf`-by-mode input is validated against the branch of the chosen mode, so
 * that errors name the mode's fields rather than every branch at once.
 */
export function mergeBranch(base: Schema, branch: Schema): Schema {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = base;
  const merged: Schema = { ...rest, ...branch };
  merged.properties = { ...propertiesOf(rest), ...propertiesOf(branch) };
  const required = [...new Set([...requiredOf(rest), ...requiredOf(branch)])];
  if (required.length > 0) merged.required = required;
  return merged;
}
