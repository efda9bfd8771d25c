import { EmulatorError } from "../errors.js";
import type { EmulatorOptions, FaultEndpoint, FaultRates, RateLimitOptions } from "../options.js";
import { FAULT_KINDS } from "./fault-injector.js";

/** Fault rates of one endpoint with every field filled in. */
export type ResolvedFaultRates = Required<FaultRates>;

/** The emulator's options, validated and with defaults applied, resolved once at startup. */
export interface EmulatorConfig {
  apiKeys: ReadonlySet<string> | undefined;
  timeScale: number;
  seed: number;
  faults: Record<FaultEndpoint, ResolvedFaultRates>;
  taskFailureRate: number;
  /** Per-key limits; a rate of `Infinity` means no bucket. */
  rateLimit:
    | {
        requestsPerSecond: number;
        burst: number;
        submitsPerSecond: number;
        submitBurst: number;
        maxRunningTasks: number;
      }
    | undefined;
  balanceMicroUsd: number;
  callbackDuplicateRate: number;
  /** Real ms per delivery attempt; `undefined` = the contract's timeout × timeScale, at least 1 s. */
  callbackAttemptTimeoutMs: number | undefined;
  quirks: { unknownState: number; omitCostTime: number; stagedCallbacks: number };
  callbackFetch: typeof fetch;
  now: () => number;
  duplicateWindowMs: number;
}

/** Defaults of every option, in one place. */
export const DEFAULTS = {
  timeScale: 1,
  balanceUsd: 100,
  slowMs: 5000,
  retryAfterSeconds: 2,
  duplicateWindowMs: 10_000,
} as const;

type RateKind = Exclude<keyof FaultRates, "slowMs" | "retryAfterSeconds">;

/** The kinds the `rate` shorthand spreads over on the JSON endpoints. */
const API_KINDS: readonly RateKind[] = [
  ...FAULT_KINDS.filter((kind) => kind !== "truncatedFile"),
  "slow",
];

/** Which fault kinds the `rate` shorthand spreads over, per endpoint. */
const KINDS_BY_ENDPOINT: Record<FaultEndpoint, readonly RateKind[]> = {
  generateTask: API_KINDS,
  statusTask: API_KINDS,
  balance: API_KINDS,
  files: ["unavailable", "serverError", "badGateway", "dropConnection", "truncatedFile", "slow"],
};

const ALL_KINDS: readonly RateKind[] = [...FAULT_KINDS, "slow"];

function invalid(name: string, value: unknown, expected: string): EmulatorError {
  return new EmulatorError(
    "INVALID_OPTION",
    `Emulator option ${name} is ${JSON.stringify(value)}; expected ${expected}.`,
  );
}

function probability(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= 0 && value <= 1))
    throw invalid(name, value, "a probability between 0 and 1");
  return value;
}

function positive(name: string, value: number | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === "number" && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw invalid(name, value, allowZero ? "a finite number >= 0" : "a finite number > 0");
  return value;
}

function resolveFaults(
  options: EmulatorOptions,
  timeScale: number,
): Record<FaultEndpoint, ResolvedFaultRates> {
  const faults = options.faults ?? {};
  const total = probability("faults.rate", faults.rate) ?? 0;
  const result = {} as Record<FaultEndpoint, ResolvedFaultRates>;
  for (const endpoint of Object.keys(KINDS_BY_ENDPOINT) as FaultEndpoint[]) {
    const kinds = KINDS_BY_ENDPOINT[endpoint];
    const own = faults[endpoint] ?? {};
    const rates = {} as ResolvedFaultRates;
    for (const kind of ALL_KINDS) {
      const spread = kinds.includes(kind) ? total / kinds.length : 0;
      rates[kind] =
        probability(`faults.${endpoint}.${kind}`, own[kind]) ??
        probability(`faults.${kind}`, faults[kind]) ??
        spread;
    }
    rates.slowMs =
      positive(`faults.${endpoint}.slowMs`, own.slowMs, true) ??
      positive("faults.slowMs", faults.slowMs, true) ??
      DEFAULTS.slowMs * timeScale;
    rates.retryAfterSeconds =
      positive(`faults.${endpoint}.retryAfterSeconds`, own.retryAfterSeconds, true) ??
      positive("faults.retryAfterSeconds", faults.retryAfterSeconds, true) ??
      DEFAULTS.retryAfterSeconds;
    result[endpoint] = rates;
  }
  return result;
}

/**
 * One token bucket's rate and capacity. The capacity defaults to the rate, but at least 1 so a
 * slow bucket (0.5/s) still admits a request; a capacity given without a rate is refused rather
 * than silently ignored. No rate: `Infinity`, no bucket.
 */
function resolveBucket(
  rateName: string,
  rate: number | undefined,
  burstName: string,
  burst: number | undefined,
): { rate: number; burst: number } {
  const ratePerSecond = positive(rateName, rate);
  if (burst !== undefined && !(typeof burst === "number" && Number.isFinite(burst) && burst >= 1))
    throw invalid(burstName, burst, "a finite number >= 1");
  if (burst !== undefined && ratePerSecond === undefined) {
    throw new EmulatorError(
      "INVALID_OPTION",
      `Emulator option ${burstName} is set without ${rateName}; set the rate too, or drop ${burstName}.`,
    );
  }
  if (ratePerSecond === undefined)
    return { rate: Number.POSITIVE_INFINITY, burst: Number.POSITIVE_INFINITY };
  return { rate: ratePerSecond, burst: burst ?? Math.max(1, ratePerSecond) };
}

function resolveRateLimit(limit: RateLimitOptions | undefined): EmulatorConfig["rateLimit"] {
  if (!limit) return undefined;
  const requests = resolveBucket(
    "rateLimit.requestsPerSecond",
    limit.requestsPerSecond,
    "rateLimit.burst",
    limit.burst,
  );
  const submits = resolveBucket(
    "rateLimit.submitsPerSecond",
    limit.submitsPerSecond,
    "rateLimit.submitBurst",
    limit.submitBurst,
  );
  return {
    requestsPerSecond: requests.rate,
    burst: requests.burst,
    submitsPerSecond: submits.rate,
    submitBurst: submits.burst,
    maxRunningTasks:
      positive("rateLimit.maxRunningTasks", limit.maxRunningTasks) ?? Number.POSITIVE_INFINITY,
  };
}

/** Validates the options and applies the defaults. Throws {@link EmulatorError} on a bad option. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const timeScale = positive("timeScale", options.timeScale) ?? DEFAULTS.timeScale;
  if (options.apiKeys?.some((key) => typeof key !== "string" || key === "")) {
    throw new EmulatorError(
      "INVALID_OPTION",
      "Emulator option apiKeys must hold non-empty strings.",
    );
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (!Number.isInteger(seed)) throw invalid("seed", seed, "an integer");
  const balanceUsd = positive("balanceUsd", options.balanceUsd, true) ?? DEFAULTS.balanceUsd;
  return {
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : undefined,
    timeScale,
    seed: seed >>> 0,
    faults: resolveFaults(options, timeScale),
    taskFailureRate: probability("faults.taskFailureRate", options.faults?.taskFailureRate) ?? 0,
    rateLimit: resolveRateLimit(options.rateLimit),
    balanceMicroUsd: Math.round(balanceUsd * 1e6),
    callbackDuplicateRate:
      probability("callbacks.duplicateRate", options.callbacks?.duplicateRate) ?? 0,
    callbackAttemptTimeoutMs: positive(
      "callbacks.attemptTimeoutMs",
      options.callbacks?.attemptTimeoutMs,
    ),
    quirks: {
      unknownState: probability("quirks.unknownState", options.quirks?.unknownState) ?? 0,
      omitCostTime: probability("quirks.omitCostTime", options.quirks?.omitCostTime) ?? 0,
      stagedCallbacks: probability("quirks.stagedCallbacks", options.quirks?.stagedCallbacks) ?? 0,
    },
    callbackFetch: options.callbacks?.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now ?? Date.now,
    duplicateWindowMs:
      positive("duplicateWindowMs", options.duplicateWindowMs, true) ?? DEFAULTS.duplicateWindowMs,
  };
}
