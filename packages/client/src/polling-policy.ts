import { MODEL_TIMING } from "./generated/models.js";

/**
 * How `wait` polls one model: all values in milliseconds except `factor`. The spec gives each
 * model's profile in the `x-apixo-polling` extension of its generateTask operation.
 */
export interface PollingProfile {
  /** Delay before the first status read. */
  initialDelayMs: number;
  /** Interval after the first read. */
  intervalMs: number;
  /** Growth of the interval per poll (1 = constant). */
  factor: number;
  /** Upper bound of the interval. */
  maxIntervalMs: number;
  /** Default deadline of `wait`. */
  timeoutMs: number;
}

/** Per-call overrides of a model's polling profile. */
export type PollOverrides = Partial<Omit<PollingProfile, "timeoutMs">>;

/**
 * Profile for model ids the spec does not know: the API docs' own backoff example (first poll
 * after 5 s, 3 s growing ×1.5 up to 30 s) and a deadline long enough for video models.
 */
export const GENERIC_POLLING: PollingProfile = {
  initialDelayMs: 5_000,
  intervalMs: 3_000,
  factor: 1.5,
  maxIntervalMs: 30_000,
  timeoutMs: 600_000,
};

/** Share of an interval that jitter may add or remove (±15 %), so clients don't poll in step. */
export const POLL_JITTER = 0.15;

/**
 * The polling profile of `model` from the spec (`x-apixo-polling`), or a generic one for models
 * the spec does not know, with `overrides` applied.
 */
export function pollingProfile(model: string, overrides: PollOverrides = {}): PollingProfile {
  const profile = { ...(modelTiming(model)?.[0] ?? GENERIC_POLLING) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) profile[key as keyof PollOverrides] = value;
  }
  return profile;
}

/**
 * The spec's polling profile (`x-apixo-polling`) and expected run time (`durationMs.max` of
 * `x-apixo-model`, ms) of `model`, if it knows the model.
 */
export function modelTiming(model: string) {
  return Object.hasOwn(MODEL_TIMING, model) ? MODEL_TIMING[model] : undefined;
}

/**
 * Delay before poll number `attempt` (0 = the first poll): `initialDelayMs`, then `intervalMs`
 * growing by `factor` up to `maxIntervalMs`, with ±15 % jitter that never exceeds the cap.
 * @param random a number in [0, 1)
 */
export function pollDelay(profile: PollingProfile, attempt: number, random: number): number {
  if (attempt === 0) return Math.max(0, profile.initialDelayMs);
  const grown = profile.intervalMs * Math.max(1, profile.factor) ** (attempt - 1);
  const jittered = Math.min(grown, profile.maxIntervalMs) * (1 + POLL_JITTER * (2 * random - 1));
  return Math.max(0, Math.round(Math.min(jittered, profile.maxIntervalMs)));
}
