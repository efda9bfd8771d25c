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

/** What a batch line asks for, as written in the file: the parts its fingerprint covers. */
export interface HashedLine {
  model: string;
  input: unknown;
  /** The line's `"provider"` as written (absent when the line has none, not the model's default). */
  provider?: string;
}

/** Marks a fingerprint of the current format, `{model, input, provider}`. */
const LINE_HASH_PREFIX = "v2-";

/**
 * A short fingerprint of one batch line: `v2-` and sha256 (hex, 16 characters) of the canonical JSON
 * of its model, input and provider as written in the file. Recorded with each handle, so a resumed
 * batch only waits for a task whose line is unchanged — a changed provider included.
 */
export function lineHash(line: HashedLine): string {
  const { model, input, provider } = line;
  const digest = createHash("sha256")
    .update(canonicalJson({ model, input, ...(provider !== undefined ? { provider } : {}) }))
    .digest("hex")
    .slice(0, 16);
  return `${LINE_HASH_PREFIX}${digest}`;
}

/**
 * Whether a recorded fingerprint is of the current format. Earlier development builds hashed only
 * the model and input (or recorded no hash): such a record cannot tell whether the provider changed.
 */
export function isCurrentLineHash(hash: string | undefined): hash is string {
  return hash?.startsWith(LINE_HASH_PREFIX) === true;
}
