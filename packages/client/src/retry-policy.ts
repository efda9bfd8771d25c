/**
 * When to resend a request, as pure functions. `submit` creates (and bills) a task and the API
 * has no idempotency key, so it is resent only when the server surely did not create the task.
 */

/** Which kind of call failed: `submit` creates a task, `read` (status, balance) has no effect. */
export type Operation = "submit" | "read";

/** How one attempt failed. */
export type Failure =
  /** The server answered with this status (or envelope code), maybe with a `Retry-After` header. */
  | { kind: "status"; status: number; retryAfter?: string | null | undefined }
  /** No answer. `sent: false` when the request surely never left (refused, DNS failure). */
  | { kind: "connection"; sent: boolean }
  /** The per-request timeout fired; the server may have received the request. */
  | { kind: "timeout" };

/** The longest `Retry-After` honoured (60 s). */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * True when a failure of `operation` may be retried at all. A status of 200 here is a success
 * answer whose body was not the JSON envelope (cut off or garbled on the way): a read may be
 * resent, a submit may have created its task.
 */
export function isRetryable(operation: Operation, failure: Failure): boolean {
  const read = operation === "read";
  if (failure.kind !== "status") return read || (failure.kind === "connection" && !failure.sent);
  const { status } = failure;
  return (
    status === 429 ||
    status === 503 ||
    (read && (status === 200 || status === 408 || status >= 500))
  );
}

/**
 * Milliseconds to wait from a `Retry-After` value (delta-seconds or an HTTP date), capped at
 * 60 s; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  const ms = Number.isNaN(seconds) ? Date.parse(value) - now : seconds * 1000;
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}

/** Exponential backoff (0.5 s, 1 s, 2 s, ... capped at 8 s) minus up to 25 % jitter. */
export function backoffDelay(attempt: number, random: number): number {
  return Math.round(Math.min(8000, 500 * 2 ** attempt) * (1 - 0.25 * random));
}

/**
 * Milliseconds to wait before the next attempt, or `undefined` to give up and throw.
 * @param attempt retries already made (0 after the first failure)
 * @param random a number in [0, 1) for jitter
 */
export function retryDelay(
  operation: Operation,
  failure: Failure,
  attempt: number,
  maxRetries: number,
  now: number,
  random: number,
): number | undefined {
  if (attempt >= maxRetries || !isRetryable(operation, failure)) return undefined;
  const retryAfter =
    failure.kind === "status" ? parseRetryAfter(failure.retryAfter, now) : undefined;
  return retryAfter ?? backoffDelay(attempt, random);
}
