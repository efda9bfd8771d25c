import type { CallbackPolicy } from "./catalog.js";
import type { Random } from "./random.js";
import type { StatsRecorder } from "./stats-recorder.js";

/** A floor for the scaled attempt timeout, so a tiny timeScale does not fail healthy receivers. */
const MIN_TIMEOUT_MS = 1000;

/** What the dispatcher needs, injected by the emulator core. */
export interface CallbackDeps {
  fetch: typeof fetch;
  /** The contract's schedule (30 s for a 200, then retries after 30 s, 2 min and 10 min). */
  policy: CallbackPolicy;
  timeScale: number;
  duplicateRate: number;
  /** Real ms per attempt; `undefined` = `policy.timeoutMs × timeScale`, at least 1 s. */
  attemptTimeoutMs?: number | undefined;
  random: Random;
  stats: StatsRecorder;
}

/** One delivery: where to POST and the body, built once the task has ended. */
export interface CallbackJob {
  url: string;
  /** Real milliseconds until the task ends. */
  delayMs: number;
  body: () => string;
}

/**
 * Delivers callbacks with the contract's retry schedule (× timeScale). Only tasks with a `callback_url`
 * get a timer; `cancelAll()` (on close or reset) clears timers and aborts requests in flight.
 */
export class CallbackDispatcher {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private controller = new AbortController();

  constructor(private readonly deps: CallbackDeps) {}

  /** Schedules the delivery of `job`. */
  schedule(job: CallbackJob): void {
    this.deps.stats.callback("pending");
    this.later(job.delayMs, () => this.attempt(job, 0));
  }

  /**
   * Schedules one early, progress-only POST (a staged callback, as suno sends for "lyrics ready"):
   * a single attempt, never retried, whatever the receiver answers.
   */
  scheduleStaged(job: CallbackJob): void {
    this.later(job.delayMs, async () => {
      this.deps.stats.callback("staged");
      await this.post(job.url, job.body());
    });
  }

  /** Cancels every scheduled delivery and aborts those in flight. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
    this.controller = new AbortController();
  }

  private later(delayMs: number, run: () => Promise<void>): void {
    const signal = this.controller.signal;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!signal.aborted) void run();
      },
      Math.max(0, delayMs),
    );
    timer.unref?.();
    this.timers.add(timer);
  }

  private async post(url: string, body: string): Promise<boolean> {
    const { stats, timeScale } = this.deps;
    stats.callback("attempts");
    const timeout = AbortSignal.timeout(
      this.deps.attemptTimeoutMs ??
        Math.max(MIN_TIMEOUT_MS, this.deps.policy.timeoutMs * timeScale),
    );
    try {
      const response = await this.deps.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "apixo-emulator" },
        body,
        signal: AbortSignal.any([timeout, this.controller.signal]),
        redirect: "manual",
      });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      // A refused connection, a reset or the timeout: all count as "no 200", which is retried.
      return false;
    }
  }

  private async attempt(job: CallbackJob, retry: number): Promise<void> {
    const { stats, random, timeScale } = this.deps;
    const signal = this.controller.signal;
    const body = job.body();
    const delivered = await this.post(job.url, body);
    if (signal.aborted) return;
    if (delivered) {
      stats.callback("delivered");
      stats.callback("pending", -1);
      if (random.chance(this.deps.duplicateRate)) {
        stats.callback("duplicated");
        await this.post(job.url, body);
      }
      return;
    }
    const delay = this.deps.policy.retryDelaysMs[retry];
    if (delay === undefined) {
      stats.callback("failed");
      stats.callback("pending", -1);
      return;
    }
    this.later(delay * timeScale, () => this.attempt(job, retry + 1));
  }
}
