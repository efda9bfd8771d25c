import { ProtocolError } from "./http1-error.js";
import type { ResponseHead } from "./http1-head.js";

/** The statuses fetch follows (300 Multiple Choices and 304 are answers, not redirects). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Where the answer `head` to a GET of `from` redirects, or `undefined` when it is not a redirect
 * (a 3xx without `Location` is handed to the caller as an answer). Relative `Location`s resolve
 * against `from`. Throws a {@link ProtocolError} when `left` redirects are used up, when the
 * target is not `http:`/`https:` or carries credentials (`user:pass@`, which would be sent to
 * wherever the server points), or on a downgrade from `https:` to `http:`: fetch follows that
 * one, but a result file fetched over TLS must not be handed to an unauthenticated origin that
 * anyone on the path could impersonate. A redirect only carries the download's own headers
 * (`Range`): no credentials exist to leak to another origin.
 */
export function redirectTarget(from: URL, head: ResponseHead, left: number): string | undefined {
  const location = head.headers.get("location")?.[0];
  if (!REDIRECTS.has(head.status) || location === undefined) return undefined;
  if (left <= 0) throw new ProtocolError("too many redirects");
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ProtocolError(`invalid redirect Location: ${JSON.stringify(location.slice(0, 80))}`);
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") {
    throw new ProtocolError(`refused redirect to a ${next.protocol} URL`);
  }
  if (next.username || next.password) {
    throw new ProtocolError("refused redirect to a URL with credentials (user:password@)");
  }
  if (from.protocol === "https:" && next.protocol === "http:") {
    throw new ProtocolError(`refused redirect from https: to http: (${next.host})`);
  }
  return next.href;
}
