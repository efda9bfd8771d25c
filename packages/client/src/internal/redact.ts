const MASK = "[redacted]";

/**
 * Replaces the API key, and any `Bearer <token>`, in `text`. Keys shorter than 8 characters are
 * not real keys (tests use "k") and are left alone, so ids that contain them stay readable.
 */
export function redactText(text: string, secret: string | undefined): string {
  const masked = secret && secret.length >= 8 ? text.split(secret).join(MASK) : text;
  return masked.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${MASK}`);
}

/** Copy of a parsed JSON body with {@link redactText} applied to every string in it. */
export function redactDeep(value: unknown, secret: string | undefined): unknown {
  if (typeof value === "string") return redactText(value, secret);
  if (!value || typeof value !== "object") return value;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([] as never) : {};
  for (const key in value) copy[key] = redactDeep((value as Record<string, unknown>)[key], secret);
  return copy;
}

/**
 * False when the raw JSON `text` cannot hold `secret` or a `Bearer` token once parsed, so the
 * {@link redactDeep} walk can be skipped on ordinary answers. A key of plain characters
 * (`[\w.-]`) can only be hidden from a substring check by `\u` escapes, which force the walk;
 * any other key always does.
 */
export function mayHoldSecret(text: string, secret: string | undefined): boolean {
  if (/bearer|\\u/i.test(text)) return true;
  if (!secret || secret.length < 8) return false;
  return !/^[\w.-]+$/.test(secret) || text.includes(secret);
}
