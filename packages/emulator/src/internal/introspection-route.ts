import type { Hono } from "hono";
import type { EmulatorCore } from "./emulator-core.js";
import type { EmulatorEnv } from "./respond.js";

/** `GET /__emulator/stats` and `POST /__emulator/reset`: outside the APIXO surface, no key needed. */
export function registerIntrospectionRoutes(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.get("/__emulator/stats", (c) => c.json(core.snapshot()));
  app.post("/__emulator/reset", (c) => {
    core.reset();
    return c.body(null, 204);
  });
}
