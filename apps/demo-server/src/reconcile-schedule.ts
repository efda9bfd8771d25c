import { getModel } from "@apixo-ts/openapi";

/** The run time and polling figures the reconciler needs for one model. */
export interface ModelTiming {
  /** Longest realistic run time (the contract's `durationMs.max`). */
  expectedMs: number;
  /** First polling interval (the contract's `polling.intervalMs`). */
  intervalMs: number;
  /** Polling interval cap (the contract's `polling.maxIntervalMs`). */
  maxIntervalMs: number;
}

/** Used for models the contract does not know (they are still allowed): video-like figures. */
export const UNKNOWN_MODEL_TIMING: ModelTiming = {
  expectedMs: 300_000,
  intervalMs: 15_000,
  maxIntervalMs: 60_000,
};
/** Time a callback may take to arrive after the model's longest run time. */
export const CALLBACK_GRACE_MS = 10_000;
/** Never poll more often than this, whatever the time scale. */
export const MIN_INTERVAL_MS = 200;

/** The timing of `model` from the contract, or {@link UNKNOWN_MODEL_TIMING}. */
export function modelTiming(model: string): ModelTiming {
  const info = getModel(model);
  if (!info) return UNKNOWN_MODEL_TIMING;
  return {
    expectedMs: info.durationMs.max,
    intervalMs: info.polling.intervalMs,
    maxIntervalMs: info.polling.maxIntervalMs,
  };
}

/** When a task's callback is overdue: its longest run time plus the grace, scaled. */
export function firstCheckAt(timing: ModelTiming, createdAt: number, timeScale: number): number {
  return createdAt + Math.max(MIN_INTERVAL_MS, (timing.expectedMs + CALLBACK_GRACE_MS) * timeScale);
}

/**
 * Delay before the next check of an overdue task of age `ageMs` (real ms): the model's interval,
 * growing to a quarter of the task's (unscaled) age, capped at the profile's maximum, then scaled.
 */
export function nextCheckDelay(timing: ModelTiming, ageMs: number, timeScale: number): number {
  const unscaledAge = timeScale > 0 ? ageMs / timeScale : 0;
  const grown = Math.min(timing.maxIntervalMs, Math.max(timing.intervalMs, unscaledAge / 4));
  return Math.max(MIN_INTERVAL_MS, grown * timeScale);
}
