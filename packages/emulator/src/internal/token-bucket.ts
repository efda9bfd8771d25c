/** The outcome of asking for a token: available, or not with how long until one is. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Per-key token buckets: `burst` tokens, refilled at `ratePerSecond`. Asking ({@link check}) and
 * taking ({@link consume}) are separate, so a request that must pass several buckets can check
 * them all and take from each only when every one has a token.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param ratePerSecond tokens added per second (real time), > 0
   * @param burst capacity, >= 1 (a smaller bucket would never hold a whole token)
   */
  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
  ) {}

  /** Refills `key`'s bucket up to `now` (real ms) and tells whether it holds a token; takes none. */
  check(key: string, now: number): TakeResult {
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) return { allowed: true };
    // Whole ms, rounded up; the epsilon keeps float noise (0.998 tokens → 1.0000000000000009 ms) from adding one.
    const waitMs = ((1 - bucket.tokens) * 1000) / this.ratePerSecond;
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(waitMs - 1e-9)) };
  }

  /** Takes one token from `key`'s bucket; call right after a {@link check} that allowed it. */
  consume(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens -= 1;
  }

  /** Takes one token from `key`'s bucket at time `now` (real ms) if it holds one. */
  take(key: string, now: number): TakeResult {
    const result = this.check(key, now);
    if (result.allowed) this.consume(key);
    return result;
  }

  clear(): void {
    this.buckets.clear();
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.ratePerSecond) / 1000);
    bucket.updatedAt = now;
    return bucket;
  }
}
