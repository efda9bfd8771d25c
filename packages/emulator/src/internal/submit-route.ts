import type { Hono } from "hono";
import { callbackUrlProblem } from "./callback-url.js";
import { priceMicroUsd } from "./catalog.js";
import type { EmulatorCore } from "./emulator-core.js";
import { guard } from "./guard.js";
import {
  type EmulatorEnv,
  errorResponse,
  faultResponse,
  requestOrigin,
  successResponse,
} from "./respond.js";
import { type TaskRecord, taskStatus } from "./task.js";
import { planTask } from "./task-planner.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `POST /api/v1/generateTask/:model`: every per-model path and the generic one. */
export function registerSubmitRoute(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.post("/api/v1/generateTask/:model", async (c) => {
    const { response, draw } = await guard(c, core, "generateTask");
    if (response) return response;
    const model = core.catalog.model(c.req.param("model"));
    if (!model) return errorResponse(c, 404, { message: "Model not found" });
    const raw = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return errorResponse(c, 400, { detail: "The request body is not valid JSON" });
    }
    const problem = core.validator.validateSubmit(model, body);
    if (problem) return errorResponse(c, 400, { detail: problem });
    if (!isObject(body) || !isObject(body.input))
      return errorResponse(c, 400, { detail: "Missing required field: input" });
    const callbackUrl = body.request_type === "callback" ? body.callback_url : undefined;
    if (body.request_type === "callback") {
      if (typeof callbackUrl !== "string")
        return errorResponse(c, 400, { detail: "Missing required field: callback_url" });
      const refused = callbackUrlProblem(callbackUrl);
      if (refused) return errorResponse(c, 400, { detail: refused });
    }
    if (
      model.providers &&
      body.provider !== undefined &&
      !model.providers.includes(String(body.provider))
    ) {
      return errorResponse(c, 400, {
        detail: `provider must be one of: ${model.providers.join(", ")}`,
      });
    }

    const apiKey = c.get("apiKey");
    const now = core.config.now();
    const maxRunning = core.config.rateLimit?.maxRunningTasks ?? Number.POSITIVE_INFINITY;
    if (core.store.runningCount(apiKey, now) >= maxRunning) {
      return errorResponse(c, 429, {
        detail: `Too many running tasks (limit ${maxRunning} per key)`,
      });
    }
    const plan = planTask(model, body.input, now, {
      catalog: core.catalog,
      random: core.taskRandom(),
      timeScale: core.config.timeScale,
      taskFailureRate: core.config.taskFailureRate,
      audioExtension: core.audioExtension,
    });
    if (!core.ledger.charge(apiKey, priceMicroUsd(model, plan.outputCount))) {
      return errorResponse(c, 402, {
        detail: `A ${model.id} task costs more than the key's remaining balance`,
      });
    }
    let taskId = core.taskRandom().hex32();
    while (core.store.has(taskId)) taskId = core.taskRandom().hex32();
    const task: TaskRecord = {
      taskId,
      model: model.id,
      apiKey,
      createTime: now,
      startTime: plan.startTime,
      completeTime: plan.completeTime,
      expireTime: plan.expireTime,
      outcome: plan.outcome,
      render: plan.render,
      callbackUrl: typeof callbackUrl === "string" ? callbackUrl : undefined,
      origin: requestOrigin(c),
    };
    core.store.add(task);
    core.stats.submit(model.id);
    if (core.duplicates.isDuplicate(apiKey, model.id, raw, now)) core.stats.duplicateSubmit();
    core.duplicates.remember(apiKey, model.id, raw, now);
    if (task.callbackUrl) {
      const url = task.callbackUrl;
      core.callbacks.schedule({
        url,
        delayMs: task.completeTime - now,
        body: () =>
          JSON.stringify({
            code: 200,
            message: "success",
            data: taskStatus(task, task.completeTime, task.origin),
          }),
      });
    }
    const accepted = { code: 200, message: "success", data: { taskId } };
    if (draw.kind) {
      // The fault hits after the task was created (and billed): what makes resending a submit costly.
      core.stats.fault(draw.kind);
      const fault = faultResponse(c, draw, accepted);
      if (fault) return fault;
    }
    return successResponse(c, accepted.data);
  });
}
