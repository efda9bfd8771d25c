import { Hono } from "hono";
import { requireApiKey } from "./internal/auth.js";
import { registerBalanceRoute } from "./internal/balance-route.js";
import { createEmulatorCore, type EmulatorCore } from "./internal/emulator-core.js";
import { registerFilesRoute } from "./internal/files-route.js";
import { registerIntrospectionRoutes } from "./internal/introspection-route.js";
import { type EmulatorEnv, errorResponse } from "./internal/respond.js";
import { registerStatusRoute } from "./internal/status-route.js";
import { registerSubmitRoute } from "./internal/submit-route.js";
import * as media from "./media/index.js";
import type { EmulatorOptions } from "./options.js";

/** The emulator's Hono app together with its state, for {@link startEmulator}. */
export interface EmulatorInstance {
  app: Hono<EmulatorEnv>;
  core: EmulatorCore;
}

/** Builds the app and its state (internal: the public entry points are below and in server.ts). */
export function createEmulatorInstance(options: EmulatorOptions = {}): EmulatorInstance {
  const core = createEmulatorCore(options, media);
  const app = new Hono<EmulatorEnv>();
  app.use(async (c, next) => {
    await next();
    if (!c.get("dropped")) core.stats.response(c.res.status);
  });
  registerIntrospectionRoutes(app, core);
  registerFilesRoute(app, core);
  app.use("/api/*", requireApiKey(core.config));
  registerSubmitRoute(app, core);
  registerStatusRoute(app, core);
  registerBalanceRoute(app, core);
  app.notFound((c) => {
    core.stats.request("other");
    return errorResponse(c, 404);
  });
  app.onError((error, c) => {
    console.error("apixo-emulator: unexpected error", error);
    return errorResponse(c, 500);
  });
  return { app, core };
}

/**
 * Creates the APIXO emulator as a Hono app, for in-process use through `app.fetch` or any server.
 * Request schemas are compiled from the contract once per model and process, on first use.
 *
 * @example
 * const app = createEmulatorApp({ timeScale: 0.001, seed: 7 });
 * const response = await app.request("/api/v1/apikeys/current-balance", { headers: { authorization: "Bearer k" } });
 */
export function createEmulatorApp(options: EmulatorOptions = {}): Hono<EmulatorEnv> {
  return createEmulatorInstance(options).app;
}
