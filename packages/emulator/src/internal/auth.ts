import type { MiddlewareHandler } from "hono";
import type { EmulatorConfig } from "./config.js";
import { type EmulatorEnv, errorResponse } from "./respond.js";

/** The key in `Authorization: Bearer <key>`, or `undefined`. */
export function bearerKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** 401 unless the request carries a key: any non-empty key, or one of `apiKeys` when configured. */
export function requireApiKey(config: EmulatorConfig): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const key = bearerKey(c.req.header("authorization"));
    if (!key || (config.apiKeys && !config.apiKeys.has(key))) return errorResponse(c, 401);
    c.set("apiKey", key);
    await next();
  };
}
