import type { ErrorObject } from "ajv/dist/2020.js";

/** Turns a JSON pointer such as `/input/image_urls/0` into `input.image_urls[0]`. */
export function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (child !== undefined) parts.push(child);
  let name = "";
  for (const part of parts)
    name += /^\d+$/.test(part) ? `[${part}]` : name === "" ? part : `.${part}`;
  return name === "" ? "body" : name;
}

function list(values: readonly unknown[]): string {
  return values
    .map((value) => (typeof value === "string" ? value : JSON.stringify(value)))
    .join(", ");
}

/** Allowed values for a discriminator tag, read from the oneOf branches of the schema. */
function discriminatorValues(error: ErrorObject): unknown[] {
  const tag = (error.params as { tag?: string }).tag;
  const oneOf = (error.parentSchema as { oneOf?: unknown[] } | undefined)?.oneOf ?? [];
  const values: unknown[] = [];
  for (const branch of oneOf) {
    const property = (
      branch as { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }
    )?.properties?.[tag ?? ""];
    if (property?.const !== undefined) values.push(property.const);
    else if (property?.enum) values.push(...property.enum);
  }
  return values;
}

/** Rank of an error kind: the lower, the more useful to the person who sent the request. */
const RANK: Record<string, number> = {
  required: 0,
  discriminator: 1,
  enum: 2,
  const: 2,
  type: 3,
  format: 4,
  additionalProperties: 5,
  not: 8,
  if: 9,
  oneOf: 9,
  anyOf: 9,
  allOf: 9,
  "false schema": 9,
};

/** One human sentence per ajv error, naming the field: `input.aspect_ratio must be one of: 1:1, ...`. */
export function describeError(
  error: ErrorObject,
  tagValues?: (tag: string) => readonly string[] | undefined,
): string {
  const field = fieldName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `Missing required field: ${fieldName(error.instancePath, String(params.missingProperty))}`;
    case "discriminator": {
      const tag = String(params.tag);
      const name = fieldName(error.instancePath, tag);
      if (params.error === "tag" && params.tagValue === undefined)
        return `Missing required field: ${name}`;
      const values = tagValues?.(tag) ?? discriminatorValues(error);
      return values.length > 0
        ? `${name} must be one of: ${list(values)}`
        : `${name} has an unsupported value`;
    }
    case "enum":
      return `${field} must be one of: ${list((params.allowedValues as unknown[]) ?? [])}`;
    case "const":
      return `${field} must be ${list([params.allowedValue])}`;
    case "format":
      return params.format === "uri" || params.format === "uri-reference"
        ? `${field} must be an absolute URL`
        : `${field} must be a valid ${String(params.format)}`;
    case "additionalProperties":
      return `${fieldName(error.instancePath, String(params.additionalProperty))} is not a supported field`;
    default:
      return `${field} ${error.message ?? "is invalid"}`;
  }
}

/**
 * The message of a 400 for a set of ajv errors: the most useful ones first, without the noise of
 * composite keywords (`oneOf`, `if`, ...) when a concrete error exists, without repeats.
 */
export function validationMessage(
  errors: readonly ErrorObject[],
  tagValues?: (tag: string) => readonly string[] | undefined,
): string {
  const ranked = [...errors].sort((a, b) => (RANK[a.keyword] ?? 6) - (RANK[b.keyword] ?? 6));
  const best = RANK[ranked[0]?.keyword ?? ""] ?? 6;
  const useful = best < 8 ? ranked.filter((error) => (RANK[error.keyword] ?? 6) < 8) : ranked;
  const sentences = [...new Set(useful.map((error) => describeError(error, tagValues)))];
  return sentences.slice(0, 5).join("; ") || "Invalid request body";
}
