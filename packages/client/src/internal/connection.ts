// Error codes meaning the request never reached the server: resending cannot duplicate a task.
const NEVER_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/**
 * Reads a fetch failure: its innermost error code (or message), and whether that code proves the
 * request never left. undici wraps the socket error as `TypeError: fetch failed` with a coded
 * `cause` (an AggregateError carries the code of its parts), so walk the `cause` chain.
 */
export function inspectFailure(error: unknown): { neverSent: boolean; reason: string } {
  let reason = String((error as Error | undefined)?.message ?? error);
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    current && depth < 8;
    depth++
  ) {
    if (typeof current.code === "string") reason = current.code;
    current = current.cause as typeof current;
  }
  return { neverSent: NEVER_SENT.test(reason), reason };
}
