import type { FaultEndpoint } from "../options.js";
import type { EmulatorConfig } from "./config.js";
import { TokenBuckets } from "./token-bucket.js";

/** Which per-key limit refused a request. */
export type RateLimitCause = "requests" | "submits";

type Limit = readonly [RateLimitCause, TokenBuckets];

/** The limiter's verdict on one request. */
export type AdmitResult =
  | { allowed: true }
  | {
      allowed: false;
      /** Real ms until every bucket the request needs holds a token again. */
      retryAfterMs: number;
      /** The bucket that needs the longest wait (the one a retry waits for). */
      cause: RateLimitCause;
      /** That bucket's rate, in tokens per second, for the answer's detail. */
      ratePerSecond: number;
    };

/**
 * The per-key rate limits that answer `429` at the door: the all-requests bucket
 * (`rateLimit.requestsPerSecond`) and the task-creation bucket (`rateLimit.submitsPerSecond`).
 *
 * A request needs a token from every bucket that applies to it (a submit: both; any other API
 * request: the all-requests one). All buckets are checked first and a token is taken from each
 * only when every one has one, so a request refused by one bucket costs nothing in the other.
 * A request that passes costs its tokens whatever it is answered later (400, 402, or the
 * running-task cap's 429): the buckets count requests, the cap counts tasks.
 */
export class RateLimiter {
  /** The buckets a submit needs, in check order. */
  private readonly forSubmits: readonly Limit[];
  /** The buckets every other API request needs. */
  private readonly forOthers: readonly Limit[];

  constructor(limit: EmulatorConfig["rateLimit"]) {
    const requests: Limit[] =
      limit && Number.isFinite(limit.requestsPerSecond)
        ? [["requests", new TokenBuckets(limit.requestsPerSecond, limit.burst)]]
        : [];
    const submits: Limit[] =
      limit && Number.isFinite(limit.submitsPerSecond)
        ? [["submits", new TokenBuckets(limit.submitsPerSecond, limit.submitBurst)]]
        : [];
    this.forOthers = requests;
    this.forSubmits = [...requests, ...submits];
  }

  /** Admits a request of `key` to `endpoint` at `now` (real ms), taking its tokens, or refuses it. */
  admit(key: string, endpoint: FaultEndpoint, now: number): AdmitResult {
    let refusal: Extract<AdmitResult, { allowed: false }> | undefined;
    const needed = endpoint === "generateTask" ? this.forSubmits : this.forOthers;
    for (const [cause, buckets] of needed) {
      const result = buckets.check(key, now);
      if (!result.allowed && (!refusal || result.retryAfterMs > refusal.retryAfterMs)) {
        refusal = {
          allowed: false,
          retryAfterMs: result.retryAfterMs,
          cause,
          ratePerSecond: buckets.ratePerSecond,
        };
      }
    }
    if (refusal) return refusal;
    for (const [, buckets] of needed) buckets.consume(key);
    return { allowed: true };
  }

  /** Forgets every bucket (all keys start full again). */
  clear(): void {
    for (const [, buckets] of this.forSubmits) buckets.clear();
  }
}
