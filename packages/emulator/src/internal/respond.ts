import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";
import type { FaultDraw } from "./fault-injector.js";

/** Hono environment of the emulator: node bindings when served, nothing when used through `app.fetch`. */
export interface EmulatorEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { apiKey: string; dropped: boolean };
}

/** The emulator's Hono context. */
export type EmulatorContext = Context<EmulatorEnv>;

/** The messages of the contract's error examples, per status. */
const MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Invalid or missing API key",
  402: "Insufficient balance",
  404: "Not found",
  429: "Rate limit exceeded",
  500: "Internal server error",
  503: "Service temporarily unavailable",
};

/** An error envelope `{ code, message, data? }` with `code` repeating the HTTP status. */
export function errorResponse(
  c: EmulatorContext,
  status: 400 | 401 | 402 | 404 | 429 | 500 | 503,
  options: { message?: string; detail?: string; retryAfterMs?: number } = {},
): Response {
  const body: Record<string, unknown> = {
    code: status,
    message: options.message ?? MESSAGES[status],
  };
  if (options.detail !== undefined) body.data = { error: options.detail };
  if (options.retryAfterMs !== undefined) {
    // Retry-After only has whole seconds; retry-after-ms (as OpenAI sends it) keeps scaled waits exact.
    c.header("Retry-After", String(Math.ceil(options.retryAfterMs / 1000)));
    c.header("retry-after-ms", String(Math.ceil(options.retryAfterMs)));
  }
  return c.json(body, status);
}

/** A success envelope. */
export function successResponse(c: EmulatorContext, data: unknown): Response {
  return c.json({ code: 200, message: "success", data }, 200);
}

/** Ends the request by destroying the TCP connection (a stream error when used in-process). */
export function dropConnection(c: EmulatorContext): Response {
  c.set("dropped", true);
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return RESPONSE_ALREADY_SENT;
  }
  const body = new ReadableStream({
    start(controller) {
      controller.error(new Error("apixo-emulator: connection dropped (injected fault)"));
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

/**
 * Answers with an injected fault, or returns `undefined` when `draw` has none that answers
 * (`truncatedFile` is handled by the file route itself).
 */
export function faultResponse(
  c: EmulatorContext,
  draw: FaultDraw,
  successBody?: unknown,
): Response | undefined {
  switch (draw.kind) {
    case "rateLimited":
      return errorResponse(c, 429, { retryAfterMs: draw.retryAfterMs });
    case "rateLimitedNoRetryAfter":
      return errorResponse(c, 429);
    case "unavailable":
      return errorResponse(c, 503);
    case "serverError":
      return errorResponse(c, 500);
    case "badGateway":
      // A gateway in front of the API answers this, not the API: HTML, outside the contract.
      return c.html(
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
        502,
      );
    case "dropConnection":
      return dropConnection(c);
    case "malformedJson": {
      const full = JSON.stringify(successBody ?? { code: 200, message: "success" });
      return c.body(full.slice(0, Math.max(1, Math.floor(full.length / 2))), 200, {
        "content-type": "application/json",
      });
    }
    default:
      return undefined;
  }
}

/** The origin (`http://host:port`) the request came in through, for absolute result URLs. */
export function requestOrigin(c: EmulatorContext): string {
  const url = c.req.url;
  const end = url.indexOf("/", url.indexOf("//") + 2);
  return end === -1 ? url : url.slice(0, end);
}

/** Resolves after `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
  // Unref'd: a slow answer pending when the emulator closes must not hold the process open.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
