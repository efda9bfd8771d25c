// Error codes meaning the request never reached the server: resending cannot duplicate a task.
const NEVER_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/** What a fetch failure says about the request. */
export interface FailureInfo {
  /** True when the request surely never left (refused, DNS failure, connect timeout). */
  neverSent: boolean;
  /** The innermost error code or message, for the error message. */
  reason: string;
}

/**
 * Reads a fetch failure. undici wraps the socket error (`TypeError: fetch failed` with
 * `cause.code`), sometimes inside an AggregateError, so walk the `cause` chain and `errors` lists.
 */
export function inspectFailure(error: unknown): FailureInfo {
  const info: FailureInfo = { neverSent: false, reason: String(error) };
  const queue = [error];
  for (let index = 0; index < queue.length && index < 32; index++) {
    const current = queue[index] as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (!current || typeof current !== "object") continue;
    const { code, message, cause, errors } = current;
    if (typeof code === "string") {
      info.reason = code;
      if (NEVER_SENT.test(code)) info.neverSent = true;
    } else if (typeof message === "string" && index === 0) {
      info.reason = message;
    }
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return info;
}
