import type { Hono } from "hono";
import type { EmulatorCore } from "./emulator-core.js";
import { guard } from "./guard.js";
import { applyQuirks } from "./quirks.js";
import { type EmulatorEnv, errorResponse, requestOrigin } from "./respond.js";
import { taskStatus } from "./task.js";

/** `GET /api/v1/statusTask/:model?taskId=`: the hot path, so it stays small and allocation-light. */
export function registerStatusRoute(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.get("/api/v1/statusTask/:model", async (c) => {
    const { response } = await guard(c, core, "statusTask");
    if (response) return response;
    const modelId = c.req.param("model");
    if (!core.catalog.model(modelId)) return errorResponse(c, 404, { message: "Model not found" });
    const taskId = c.req.query("taskId");
    if (!taskId) return errorResponse(c, 400, { detail: "Missing required field: taskId" });
    const task = core.store.get(taskId);
    // A task read under another model than the one it was submitted with is unknown, as on APIXO.
    if (!task || task.model !== modelId)
      return errorResponse(c, 404, { message: "Task not found" });
    const data = taskStatus(task, core.config.now(), requestOrigin(c));
    if (core.quirksActive) applyQuirks(data, core.config.quirks, core.quirkRandom());
    return c.json({ code: 200, message: "success", data }, 200);
  });
}
