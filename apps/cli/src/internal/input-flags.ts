import { usageError } from "./cli-error.js";
import type { InputField } from "./input-shape.js";

function coerceScalar(field: InputField, type: string | undefined, raw: string): unknown {
  const label = `--${field.flag}`;
  switch (type) {
    case "integer": {
      if (!/^[-+]?\d+$/.test(raw.trim())) {
        throw usageError(`${label} must be a whole number, got "${raw}"`);
      }
      return Number(raw);
    }
    case "number": {
      const value = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(value)) {
        throw usageError(`${label} must be a number, got "${raw}"`);
      }
      return value;
    }
    case "boolean": {
      const normalised = raw.toLowerCase();
      if (["true", "1", "yes", "on"].includes(normalised)) return true;
      if (["false", "0", "no", "off"].includes(normalised)) return false;
      throw usageError(`${label} is a switch: use --${field.flag} or --no-${field.flag}`, [
        `got "${raw}"`,
      ]);
    }
    case "object":
      return parseJson(label, raw);
    case "string":
      return raw;
    default:
      // Untyped in the schema: accept JSON when it parses, the text otherwise.
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
  }
}

function parseJson(label: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw usageError(`${label} must be JSON: ${(error as Error).message}`);
  }
}

/**
 * Turns the raw values of one field's flags into the typed value the API expects: numbers and
 * booleans parsed, repeated flags collected into an array (a value starting with `[` is read as a
 * JSON array and joined in).
 */
export function coerceFieldValue(field: InputField, raws: readonly string[]): unknown {
  if (field.type === "array") {
    const items: unknown[] = [];
    for (const raw of raws) {
      if (raw.trimStart().startsWith("[")) {
        const parsed = parseJson(`--${field.flag}`, raw);
        if (!Array.isArray(parsed)) throw usageError(`--${field.flag} must be a JSON array`);
        items.push(...parsed);
      } else items.push(coerceScalar(field, field.itemType, raw));
    }
    return items;
  }
  return coerceScalar(field, field.type, raws.at(-1) as string);
}

/** The field a flag name designates (its kebab-case name or an alias), if any. */
export function fieldForFlag(fields: readonly InputField[], flag: string): InputField | undefined {
  return fields.find((field) => field.flag === flag || field.aliases.includes(flag));
}

/**
 * Builds the input object from the flags that name schema fields. Flags the command itself
 * understands are skipped; any other flag is left to the caller (reported as unknown).
 */
export function inputFromFlags(
  fields: readonly InputField[],
  flags: ReadonlyMap<string, readonly string[]>,
  isCommandFlag: (name: string) => boolean,
): { input: Record<string, unknown>; unknown: string[] } {
  const input: Record<string, unknown> = {};
  const grouped = new Map<InputField, string[]>();
  const unknown: string[] = [];
  for (const [name, raws] of flags) {
    if (isCommandFlag(name)) continue;
    const field = fieldForFlag(fields, name);
    if (!field) {
      unknown.push(name);
      continue;
    }
    grouped.set(field, [...(grouped.get(field) ?? []), ...raws]);
  }
  for (const [field, raws] of grouped) input[field.field] = coerceFieldValue(field, raws);
  return { input, unknown };
}
