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

/** The longest `Retry-After` honoured, and the backoff bounds. */
export const RETRY_LIMITS = { retryAfterCapMs: 60_000, baseDelayMs: 500, maxDelayMs: 8_000 };

/** True when a failure of `operation` may be retried at all. */
export function isRetryable(operation: Operation, failure: Failure): boolean {
  if (failure.kind === "connection") return operation === "read" || !failure.sent;
  if (failure.kind === "timeout") return operation === "read";
  const { status } = failure;
  if (operation === "submit") return status === 429 || status === 503;
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Milliseconds to wait from a `Retry-After` value (delta-seconds or an HTTP date), capped at
 * 60 s; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_LIMITS.retryAfterCapMs);
}

/** Exponential backoff (0.5 s, 1 s, 2 s, ... capped at 8 s) minus up to 25 % jitter. */
export function backoffDelay(attempt: number, random: number): number {
  const base = Math.min(RETRY_LIMITS.maxDelayMs, RETRY_LIMITS.baseDelayMs * 2 ** attempt);
  return Math.round(base * (1 - 0.25 * random));
}

/** Inputs of {@link retryDelay}. */
export interface RetryInput {
  operation: Operation;
  failure: Failure;
  /** Retries already made (0 after the first failure). */
  attempt: number;
  maxRetries: number;
  now: number;
  /** A number in [0, 1) for jitter. */
  random: number;
}

/** Milliseconds to wait before the next attempt, or `undefined` to give up and throw. */
export function retryDelay(input: RetryInput): number | undefined {
  const { operation, failure, attempt } = input;
  if (attempt >= input.maxRetries || !isRetryable(operation, failure)) return undefined;
  const retryAfter =
    failure.kind === "status" ? parseRetryAfter(failure.retryAfter, input.now) : undefined;
  return retryAfter ?? backoffDelay(attempt, input.random);
}
