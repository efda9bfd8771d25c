const MASK = "[redacted]";

/** Replaces the API key, and any `Bearer <token>`, in `text`. */
export function redactText(text: string, secret: string | undefined): string {
  const masked = secret ? text.split(secret).join(MASK) : text;
  return masked.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${MASK}`);
}

/** Copy of `value` (a parsed JSON body) with {@link redactText} applied to every string in it. */
export function redactDeep(value: unknown, secret: string | undefined): unknown {
  if (typeof value === "string") return redactText(value, secret);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secret));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = redactDeep(entry, secret);
    return out;
  }
  return value;
}
