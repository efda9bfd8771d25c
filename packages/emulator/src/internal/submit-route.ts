import type { ModelInfo } from "@apixo-ts/openapi";
import type { Hono } from "hono";
import { callbackUrlProblem } from "./callback-url.js";
import { priceMicroUsd } from "./catalog.js";
import type { EmulatorCore } from "./emulator-core.js";
import { guard } from "./guard.js";
import {
  type EmulatorContext,
  type EmulatorEnv,
  errorResponse,
  faultResponse,
  requestOrigin,
  sleep,
  successResponse,
} from "./respond.js";
import { type TaskRecord, taskStatus } from "./task.js";
import { planTask } from "./task-planner.js";

type Json = Record<string, unknown>;

/** A submit that passed validation. */
interface AcceptedSubmit {
  model: ModelInfo;
  /** The body exactly as sent, for duplicate detection. */
  raw: string;
  input: Json;
  callbackUrl: string | undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Step 1: model lookup, JSON parsing, contract validation and the callback URL rule. */
async function readSubmit(
  c: EmulatorContext,
  core: EmulatorCore,
): Promise<AcceptedSubmit | Response> {
  const model = core.catalog.model(c.req.param("model") ?? "");
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
  if (!isObject(body) || !isObject(body.input)) {
    return errorResponse(c, 400, { detail: "Missing required field: input" });
  }
  let callbackUrl: string | undefined;
  if (body.request_type === "callback") {
    if (typeof body.callback_url !== "string") {
      return errorResponse(c, 400, { detail: "Missing required field: callback_url" });
    }
    const refused = callbackUrlProblem(body.callback_url);
    if (refused) return errorResponse(c, 400, { detail: refused });
    callbackUrl = body.callback_url;
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
  return { model, raw, input: body.input, callbackUrl };
}

/** Step 2: the running-task cap and the balance, then the task is planned, stored and billed. */
function admitTask(
  c: EmulatorContext,
  core: EmulatorCore,
  submit: AcceptedSubmit,
): TaskRecord | Response {
  const { model, input } = submit;
  const apiKey = c.get("apiKey");
  const now = core.config.now();
  const maxRunning = core.config.rateLimit?.maxRunningTasks ?? Number.POSITIVE_INFINITY;
  if (core.store.runningCount(apiKey, now) >= maxRunning) {
    return errorResponse(c, 429, {
      detail: `Too many running tasks (limit ${maxRunning} per key)`,
    });
  }
  const random = core.taskRandom();
  const plan = planTask(model, input, now, {
    catalog: core.catalog,
    random,
    timeScale: core.config.timeScale,
    taskFailureRate: core.config.taskFailureRate,
    audioExtension: core.audioExtension,
  });
  if (!core.ledger.charge(apiKey, priceMicroUsd(model, plan.outputCount))) {
    return errorResponse(c, 402, {
      detail: `A ${model.id} task costs more than the key's remaining balance`,
    });
  }
  let taskId = random.hex32();
  while (core.store.has(taskId)) taskId = random.hex32();
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
    callbackUrl: submit.callbackUrl,
    origin: requestOrigin(c),
  };
  core.store.add(task);
  core.stats.submit(model.id);
  if (core.duplicates.isDuplicate(apiKey, model.id, submit.raw, now)) core.stats.duplicateSubmit();
  core.duplicates.remember(apiKey, model.id, submit.raw, now);
  return task;
}

/** The statusTask envelope of `task` as it is at `time`, as a callback body. */
function callbackBody(task: TaskRecord, time: number): string {
  return JSON.stringify({
    code: 200,
    message: "success",
    data: taskStatus(task, time, task.origin),
  });
}

/**
 * Step 3: a task with a `callback_url` gets its delivery scheduled for when it ends, and under
 * `quirks.stagedCallbacks` an early one halfway through its processing.
 */
function scheduleCallback(core: EmulatorCore, task: TaskRecord): void {
  if (!task.callbackUrl) return;
  const { createTime, startTime, completeTime } = task;
  core.callbacks.schedule({
    url: task.callbackUrl,
    delayMs: completeTime - createTime,
    body: () => callbackBody(task, completeTime),
  });
  if (core.quirkRandom().chance(core.config.quirks.stagedCallbacks)) {
    const midway = Math.floor((startTime + completeTime) / 2);
    core.callbacks.scheduleStaged({
      url: task.callbackUrl,
      delayMs: midway - createTime,
      body: () => callbackBody(task, Math.min(midway, completeTime - 1)),
    });
  }
}

/** `POST /api/v1/generateTask/:model`: every per-model path and the generic one. */
export function registerSubmitRoute(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.post("/api/v1/generateTask/:model", async (c) => {
    const { response, draw } = await guard(c, core, "generateTask");
    if (response) return response;
    const submit = await readSubmit(c, core);
    if (submit instanceof Response) return submit;
    const task = admitTask(c, core, submit);
    if (task instanceof Response) return task;
    scheduleCallback(core, task);
    if (draw.delayMs > 0) {
      core.stats.fault("slow");
      await sleep(draw.delayMs);
    }
    const data = { taskId: task.taskId };
    if (draw.kind) {
      // The fault hits after the task was created (and billed): what makes resending a submit costly.
      core.stats.fault(draw.kind);
      const fault = faultResponse(c, draw, { code: 200, message: "success", data });
      if (fault) return fault;
    }
    return successResponse(c, data);
  });
}
