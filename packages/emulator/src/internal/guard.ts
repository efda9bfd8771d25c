import type { FaultEndpoint } from "../options.js";
import type { EmulatorCore } from "./emulator-core.js";
import { type FaultDraw, REJECTS_BEFORE_CREATE } from "./fault-injector.js";
import type { AdmitResult } from "./rate-limiter.js";
import { type EmulatorContext, errorResponse, faultResponse, sleep } from "./respond.js";

/** The outcome of the checks every API request goes through before its handler. */
export interface GuardResult {
  /** An answer that ends the request now (rate limit or a fault). */
  response?: Response;
  /** The faults drawn; a submit applies the "after create" ones once its task exists. */
  draw: FaultDraw;
}

/**
 * The `429` of a refused request: the contract's envelope, `Retry-After` from the bucket's refill
 * (real time). The task-creation limit names itself in `data.error`; the all-requests one answers
 * exactly the contract's example.
 */
function rateLimitedResponse(
  c: EmulatorContext,
  refusal: Extract<AdmitResult, { allowed: false }>,
): Response {
  const { retryAfterMs } = refusal;
  if (refusal.cause === "requests") return errorResponse(c, 429, { retryAfterMs });
  const detail = `Too many task submissions (limit ${refusal.ratePerSecond} per second per key)`;
  return errorResponse(c, 429, { retryAfterMs, detail });
}

/**
 * Counts the request, applies the key's token buckets (a submit also needs a token of the
 * task-creation bucket, see `RateLimiter`), then the injected faults: the delay of a
 * slow answer, and every fault that answers before work is done. On `generateTask` only 429/503
 * reject up front; slowness, 500, 502, dropped connections and malformed bodies hit after the
 * task exists.
 */
export async function guard(
  c: EmulatorContext,
  core: EmulatorCore,
  endpoint: FaultEndpoint,
): Promise<GuardResult> {
  core.stats.request(endpoint);
  const limit = core.limiter.admit(c.get("apiKey"), endpoint, core.config.now());
  const draw = core.faults.draw(endpoint);
  if (!limit.allowed) return { response: rateLimitedResponse(c, limit), draw };
  // A slow submit is slow after the task exists (the submit route waits): a client that times out
  // has still created a task, which is what makes resending on a timeout costly.
  if (draw.delayMs > 0 && endpoint !== "generateTask") {
    core.stats.fault("slow");
    await sleep(draw.delayMs);
  }
  if (!draw.kind) return { draw };
  if (endpoint === "generateTask" && !REJECTS_BEFORE_CREATE.has(draw.kind)) return { draw };
  core.stats.fault(draw.kind);
  return { response: faultResponse(c, draw), draw };
}
