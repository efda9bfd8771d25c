/** The outcome of taking a token: allowed, or denied with how long until one is available. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Per-key token buckets: `burst` tokens, refilled at `ratePerSecond`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token from `key`'s bucket at time `now` (real ms). */
  take(key: string, now: number): TakeResult {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.ratePerSecond) / 1000);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / this.ratePerSecond),
    };
  }

  clear(): void {
    this.buckets.clear();
  }
}
