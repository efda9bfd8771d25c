import type { CallbackHandler, WaitUntil } from "./callback-handler.js";

/** The parts of a Hono `Context` the adapter uses; hono itself is not imported. */
export interface HonoContextLike {
  req: { raw: Request };
  /** Present on edge runtimes; Hono's getter throws where there is none. */
  readonly executionCtx?: { waitUntil(promise: Promise<unknown>): void };
}

/**
 * Adapts a callback handler to a Hono route: `app.post("/webhooks/apixo", toHonoHandler(handler))`.
 * On Workers-style runtimes the background work is kept alive with `c.executionCtx.waitUntil`.
 * Mount it before any middleware that consumes the body.
 */
export function toHonoHandler(
  handler: CallbackHandler,
): (context: HonoContextLike) => Promise<Response> {
  return (context) => handler(context.req.raw, { waitUntil: executionWaitUntil(context) });
}

function executionWaitUntil(context: HonoContextLike): WaitUntil | undefined {
  let executionContext: HonoContextLike["executionCtx"];
  try {
    executionContext = context.executionCtx;
  } catch {
    return undefined; // Node and Bun servers have no ExecutionContext: Hono's getter throws
  }
  return executionContext ? (promise) => executionContext.waitUntil(promise) : undefined;
}
