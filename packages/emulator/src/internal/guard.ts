import type { FaultEndpoint } from "../options.js";
import type { EmulatorCore } from "./emulator-core.js";
import { type FaultDraw, REJECTS_BEFORE_CREATE } from "./fault-injector.js";
import { type EmulatorContext, errorResponse, faultResponse, sleep } from "./respond.js";

/** The outcome of the checks every API request goes through before its handler. */
export interface GuardResult {
  /** An answer that ends the request now (rate limit or a fault). */
  response?: Response;
  /** The faults drawn; a submit applies the "after create" ones once its task exists. */
  draw: FaultDraw;
}

/**
 * Counts the request, applies the key's token bucket, then the injected faults: the delay of a
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
  const bucket = core.buckets?.take(c.get("apiKey"), core.config.now());
  const draw = core.faults.draw(endpoint);
  if (bucket && !bucket.allowed)
    return { response: errorResponse(c, 429, { retryAfterMs: bucket.retryAfterMs }), draw };
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
