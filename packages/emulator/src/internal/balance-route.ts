import type { Hono } from "hono";
import type { EmulatorCore } from "./emulator-core.js";
import { guard } from "./guard.js";
import { type EmulatorEnv, successResponse } from "./respond.js";

/** `GET /api/v1/apikeys/current-balance`: the key's remaining balance in USD. */
export function registerBalanceRoute(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.get("/api/v1/apikeys/current-balance", async (c) => {
    const { response } = await guard(c, core, "balance");
    if (response) return response;
    return successResponse(c, core.ledger.balanceUsd(c.get("apiKey")));
  });
}
