import { createHash } from "node:crypto";

/** JSON with every object's keys sorted: equal values give equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A short fingerprint of one batch line: sha256 (hex, 16 characters) of its model and the canonical
 * JSON of its input as written in the file. Recorded with each handle, so a resumed batch only
 * waits for a task whose line is unchanged.
 */
export function lineHash(model: string, input: unknown): string {
  return createHash("sha256")
    .update(`${model}\n${canonicalJson(input)}`)
    .digest("hex")
    .slice(0, 16);
}
