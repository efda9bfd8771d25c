// Error codes meaning the request never reached the server: resending cannot duplicate a task.
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * True when a fetch failure surely happened before the request was sent. undici wraps the
 * socket error (`TypeError: fetch failed`, `cause.code`), sometimes in an AggregateError, so walk
 * the `cause` chain and `errors` lists.
 */
export function wasNeverSent(error: unknown): boolean {
  const queue = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 32) {
    const current = queue.shift() as { code?: unknown; cause?: unknown; errors?: unknown } | null;
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (typeof current.code === "string" && NEVER_SENT.has(current.code)) return true;
    queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return false;
}

/** A short description of a fetch failure: the innermost error code or message. */
export function describeFailure(error: unknown): string {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  let description = "unknown error";
  for (let depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    if (typeof current.code === "string") description = current.code;
    else if (typeof current.message === "string" && current.message) description = current.message;
    current = current.cause as typeof current;
  }
  return description;
}
