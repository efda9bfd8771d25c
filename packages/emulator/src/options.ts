/**
 * Rates (probabilities in [0, 1]) of the faults the emulator injects on one endpoint.
 * Each request draws once; the kinds are mutually exclusive and checked in the order listed.
 */
export interface FaultRates {
  /** Answer `429` with a `Retry-After` header (before any work is done). */
  rateLimited?: number;
  /** Answer `429` without `Retry-After` (before any work is done). */
  rateLimitedNoRetryAfter?: number;
  /** Answer `503` service unavailable (before any work is done). */
  unavailable?: number;
  /** Answer `500`. On `generateTask` the task IS created (and billed) first. */
  serverError?: number;
  /** Answer `502`. On `generateTask` the task IS created (and billed) first. */
  badGateway?: number;
  /** Destroy the TCP connection without an answer. On `generateTask` the task IS created first. */
  dropConnection?: number;
  /** Answer `200` with a cut-off, unparseable JSON body. On `generateTask` the task IS created first. */
  malformedJson?: number;
  /** Files only: announce the full `Content-Length`, send half the bytes, then cut the connection. */
  truncatedFile?: number;
  /** Delay the answer by {@link FaultRates.slowMs} (combines with the other kinds; on `generateTask` the task is created first). */
  slow?: number;
  /** How long a slow answer is delayed, in real milliseconds. @default 5000 × timeScale */
  slowMs?: number;
  /** The `Retry-After` the `rateLimited` fault announces, in seconds before time scaling. @default 2 */
  retryAfterSeconds?: number;
}

/** The endpoints faults can be configured for. */
export type FaultEndpoint = "generateTask" | "statusTask" | "balance" | "files";

/**
 * Fault injection. The flat fields apply to every endpoint; an endpoint's own object overrides
 * them field by field. `rate` is a shorthand: a total fault probability spread evenly over the
 * fault kinds that make sense for each endpoint (explicit fields win).
 * @example { rate: 0.1, statusTask: { dropConnection: 0.2 }, taskFailureRate: 0.05 }
 */
export interface FaultOptions extends FaultRates {
  /** Total fault probability per request, spread over the endpoint's fault kinds. @default 0 */
  rate?: number;
  /** Overrides for `POST /api/v1/generateTask/...`. */
  generateTask?: FaultRates;
  /** Overrides for `GET /api/v1/statusTask/...`. */
  statusTask?: FaultRates;
  /** Overrides for `GET /api/v1/apikeys/current-balance`. */
  balance?: FaultRates;
  /** Overrides for result file downloads under `/files/`. */
  files?: FaultRates;
  /** Probability that a task fails with a random realistic `failCode` from the contract. @default 0 */
  taskFailureRate?: number;
}

/**
 * Per-key limits. Omitted fields are unlimited. Rates are in real seconds (not scaled by
 * `timeScale`), and a refused request gets `429` with `Retry-After` / `retry-after-ms`: the wait
 * until the bucket refills.
 *
 * Two token buckets, as real APIs of this kind have (Replicate: 600 prediction creations a
 * minute, 3000 requests a minute on every other endpoint): `requestsPerSecond` for every API
 * request, and `submitsPerSecond` for task creation only. A submit needs a token of both; the
 * buckets are checked together and a token is taken from each only when both have one, so a
 * submit refused by one bucket costs nothing in the other. A request the buckets admit costs its
 * tokens whatever its answer (400, 402, or the `maxRunningTasks` 429 checked after them).
 *
 * @example { requestsPerSecond: 200, submitsPerSecond: 50 } // 50 submits/s, status reads on top
 */
export interface RateLimitOptions {
  /** Refill rate of the bucket every API request draws from, in requests per second per key. */
  requestsPerSecond?: number;
  /** Capacity of that bucket (>= 1; needs `requestsPerSecond`). @default max(1, requestsPerSecond) */
  burst?: number;
  /**
   * Refill rate of the bucket only `POST /api/v1/generateTask/...` draws from, in submits per
   * second per key. Status and balance reads do not count against it.
   */
  submitsPerSecond?: number;
  /** Capacity of the submit bucket (>= 1; needs `submitsPerSecond`). @default max(1, submitsPerSecond) */
  submitBurst?: number;
  /** Tasks per key that may be pending or processing at once; more submits get `429`. */
  maxRunningTasks?: number;
}

/** Callback (webhook) delivery. */
export interface CallbackOptions {
  /** Probability that a delivered callback is sent a second time. @default 0 */
  duplicateRate?: number;
  /** The `fetch` used to deliver callbacks. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Real milliseconds one delivery attempt waits for the receiver's `200` before it counts as
   * failed and is retried on the contract's schedule. Raise it when the receiver shares a busy
   * process or machine with the emulator. @default the contract's 30 s × timeScale, at least 1 s
   */
  attemptTimeoutMs?: number;
}

/** Oddities seen in real `statusTask` answers, which a robust client must tolerate. */
export interface QuirkOptions {
  /** Probability that a read of a running task reports the undocumented state `processing_r2`. @default 0 */
  unknownState?: number;
  /** Probability that a read of a finished task omits `costTime` (optional in the contract). @default 0 */
  omitCostTime?: number;
  /**
   * Probability that a task with a `callback_url` also gets an early callback while still
   * `processing`, as suno sends staged callbacks (lyrics ready, first track). @default 0
   */
  stagedCallbacks?: number;
}

/** Options of {@link createEmulatorApp} and {@link startEmulator}. */
export interface EmulatorOptions {
  /** Accepted API keys. @default any non-empty key is accepted */
  apiKeys?: readonly string[];
  /** Multiplies every duration: task run times, callback timeouts and retries, file expiry. @default 1 */
  timeScale?: number;
  /** Seed for task ids, durations, failures and faults. @default a random seed */
  seed?: number;
  /** Fault injection, see {@link FaultOptions}. @default no faults */
  faults?: FaultOptions;
  /** Per-key rate limits, see {@link RateLimitOptions}. @default unlimited */
  rateLimit?: RateLimitOptions;
  /** Starting balance of every API key, in USD. @default 100 */
  balanceUsd?: number;
  /** Callback delivery options. */
  callbacks?: CallbackOptions;
  /** Real-world oddities in status answers, see {@link QuirkOptions}. @default none */
  quirks?: QuirkOptions;
  /** The clock, in Unix milliseconds; inject one to drive task lifecycles from a test. @default Date.now */
  now?: () => number;
  /** How long an identical submit body from the same key counts as a duplicate, in real ms. @default 10000 */
  duplicateWindowMs?: number;
}

/** Options of {@link startEmulator}: the app options plus where to listen. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** TCP port; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
}
