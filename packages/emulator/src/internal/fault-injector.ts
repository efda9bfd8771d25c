import type { FaultEndpoint } from "../options.js";
import type { ResolvedFaultRates } from "./config.js";
import { createRandom, type Random } from "./random.js";

/**
 * The fault kinds that replace the answer (slowness is drawn separately and combines with these),
 * in the order they are checked, which is also their order in the cumulative draw.
 */
export const FAULT_KINDS = [
  "rateLimited",
  "rateLimitedNoRetryAfter",
  "unavailable",
  "serverError",
  "badGateway",
  "dropConnection",
  "malformedJson",
  "truncatedFile",
] as const;

/** A fault kind that replaces the answer. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The faults drawn for one request. */
export interface FaultDraw {
  kind: FaultKind | undefined;
  /** Real milliseconds to wait before answering (0 when not slow). */
  delayMs: number;
  /** The `Retry-After` to announce for `rateLimited`, in (already scaled) milliseconds. */
  retryAfterMs: number;
}

/** Kinds that reject a submit before the task exists; the others hit after it was created. */
export const REJECTS_BEFORE_CREATE: ReadonlySet<FaultKind> = new Set([
  "rateLimited",
  "rateLimitedNoRetryAfter",
  "unavailable",
]);

const NO_FAULT: FaultDraw = { kind: undefined, delayMs: 0, retryAfterMs: 0 };

/** Draws seeded faults per endpoint; each endpoint has its own random stream. */
export class FaultInjector {
  private readonly randoms = new Map<FaultEndpoint, Random>();
  private readonly active: Record<FaultEndpoint, boolean>;

  constructor(
    private readonly rates: Record<FaultEndpoint, ResolvedFaultRates>,
    private readonly seed: number,
    private readonly timeScale: number,
  ) {
    this.active = {} as Record<FaultEndpoint, boolean>;
    for (const endpoint of Object.keys(rates) as FaultEndpoint[]) {
      const endpointRates = rates[endpoint];
      this.active[endpoint] =
        endpointRates.slow > 0 || FAULT_KINDS.some((kind) => endpointRates[kind] > 0);
    }
  }

  /** Draws the faults of one request to `endpoint`. */
  draw(endpoint: FaultEndpoint): FaultDraw {
    if (!this.active[endpoint]) return NO_FAULT;
    const rates = this.rates[endpoint];
    const random = this.random(endpoint);
    const delayMs = random.chance(rates.slow) ? rates.slowMs : 0;
    const roll = random.next();
    let cumulative = 0;
    let kind: FaultKind | undefined;
    for (const candidate of FAULT_KINDS) {
      cumulative += rates[candidate];
      if (roll < cumulative) {
        kind = candidate;
        break;
      }
    }
    return { kind, delayMs, retryAfterMs: rates.retryAfterSeconds * 1000 * this.timeScale };
  }

  /** Restarts every stream from the seed. */
  reset(): void {
    this.randoms.clear();
  }

  private random(endpoint: FaultEndpoint): Random {
    let random = this.randoms.get(endpoint);
    if (!random) {
      random = createRandom(this.seed, `faults:${endpoint}`);
      this.randoms.set(endpoint, random);
    }
    return random;
  }
}
