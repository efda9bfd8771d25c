/**
 * The batch runner's adaptive submit-rate controller: additive increase, multiplicative decrease
 * (AIMD), driven by the outcome of each submit. Pure functions over a plain state object, so the
 * policy is table-testable without timers.
 *
 * - It starts unlimited (or at `initialRate`). The first 429 sets the rate to `decreaseFactor` × the
 *   accepted submits of the last second: the server's limit, measured rather than guessed.
 * - Each accepted submit raises the rate by `increaseShare` of itself per second of sending, so the
 *   rate creeps back up and finds the limit again when it rises.
 * - A 429 whose submit left before the last decrease reflects the old rate and is ignored, so one
 *   burst of 429s counts as one signal.
 * - `Retry-After` pauses every submit until it has passed.
 */

/** Tuning of the rate controller. */
export interface RateControllerConfig {
  /** Submits per second to start with. @default Infinity (limited only by the concurrency cap) */
  initialRate: number;
  /** Lowest rate the controller falls to, in submits per second. @default 0.5 */
  minRate: number;
  /** Factor applied to the rate on a 429. @default 0.85 */
  decreaseFactor: number;
  /** Share of the current rate added per second of accepted submits. @default 0.05 */
  increaseShare: number;
  /** Longest `Retry-After` honoured, in ms. @default 60_000 */
  maxPauseMs: number;
}

/** The defaults of {@link RateControllerConfig}. */
export const DEFAULT_RATE_CONFIG: RateControllerConfig = {
  initialRate: Number.POSITIVE_INFINITY,
  minRate: 0.5,
  decreaseFactor: 0.85,
  increaseShare: 0.05,
  maxPauseMs: 60_000,
};

/** The controller's state. Treat as immutable: every event returns a new state. */
export interface RateState {
  /** Allowed submits per second (`Infinity` = unlimited). */
  readonly rate: number;
  /** No submit may leave before this time (ms), from `Retry-After`. */
  readonly pausedUntil: number;
  /** When the rate was last decreased (ms), or -Infinity. */
  readonly lastDecreaseAt: number;
  /** When the last submit left (ms), or -Infinity. */
  readonly lastSentAt: number;
  /** Times (ms) of the submits accepted during the last second. */
  readonly accepted: readonly number[];
}

/** What happened to a submit. `sentAt` is when it left, `at` when its answer arrived. */
export type RateEvent =
  | { type: "sent"; at: number }
  | { type: "accepted"; at: number }
  | { type: "rateLimited"; at: number; sentAt: number; retryAfterMs?: number };

const WINDOW_MS = 1000;

/** The starting state for a config. */
export function initialRateState(config: RateControllerConfig = DEFAULT_RATE_CONFIG): RateState {
  return {
    rate: config.initialRate,
    pausedUntil: Number.NEGATIVE_INFINITY,
    lastDecreaseAt: Number.NEGATIVE_INFINITY,
    lastSentAt: Number.NEGATIVE_INFINITY,
    accepted: [],
  };
}

/** Applies one event to the state. */
export function reduceRate(
  state: RateState,
  event: RateEvent,
  config: RateControllerConfig = DEFAULT_RATE_CONFIG,
): RateState {
  switch (event.type) {
    case "sent":
      return { ...state, lastSentAt: Math.max(state.lastSentAt, event.at) };
    case "accepted": {
      const accepted = [...state.accepted.filter((t) => t > event.at - WINDOW_MS), event.at];
      if (!Number.isFinite(state.rate)) return { ...state, accepted };
      // One accepted submit is 1/rate seconds of sending: add increaseShare × rate per second.
      const rate = state.rate + Math.max(config.increaseShare * state.rate, 1) / state.rate;
      return { ...state, accepted, rate };
    }
    case "rateLimited": {
      const retryAfter = Math.min(Math.max(event.retryAfterMs ?? 0, 0), config.maxPauseMs);
      const pausedUntil = Math.max(state.pausedUntil, event.at + retryAfter);
      if (event.sentAt < state.lastDecreaseAt) return { ...state, pausedUntil };
      const recent = state.accepted.filter((t) => t > event.at - WINDOW_MS).length;
      const base = Math.min(state.rate, Math.max(recent, config.minRate));
      const rate = Math.max(base * config.decreaseFactor, config.minRate);
      return { ...state, rate, pausedUntil, lastDecreaseAt: event.at };
    }
  }
}

/** Milliseconds to wait, at time `now`, before the next submit may leave. */
export function nextSubmitDelay(state: RateState, now: number): number {
  const spacing = Number.isFinite(state.rate) ? 1000 / state.rate : 0;
  return Math.max(state.pausedUntil - now, state.lastSentAt + spacing - now, 0);
}
