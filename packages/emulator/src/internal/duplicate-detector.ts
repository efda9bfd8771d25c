import { createHash } from "node:crypto";

/**
 * Notices a submit whose exact body was already accepted for the same key and model within a short
 * window: the trace of a client that resends a submit (and so pays twice).
 */
export class DuplicateDetector {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** `true` if an identical accepted submit happened within the window before `now` (real ms). */
  isDuplicate(apiKey: string, model: string, body: string, now: number): boolean {
    const previous = this.seen.get(this.key(apiKey, model, body));
    return previous !== undefined && now - previous <= this.windowMs;
  }

  /** Records an accepted submit. */
  remember(apiKey: string, model: string, body: string, now: number): void {
    if (this.seen.size >= 10_000) {
      for (const [key, time] of this.seen) if (now - time > this.windowMs) this.seen.delete(key);
    }
    this.seen.set(this.key(apiKey, model, body), now);
  }

  clear(): void {
    this.seen.clear();
  }

  private key(apiKey: string, model: string, body: string): string {
    return createHash("sha1")
      .update(apiKey)
      .update("\0")
      .update(model)
      .update("\0")
      .update(body)
      .digest("base64");
  }
}
