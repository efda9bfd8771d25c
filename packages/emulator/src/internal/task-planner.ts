import type { ModelInfo } from "@apixo-ts/openapi";
import { type Catalog, outputCount } from "./catalog.js";
import type { Random } from "./random.js";
import type { RenderInput, TaskOutcome, TaskOutput } from "./task.js";

/** A prompt marker that forces a failure: `"a cat [fail:CONTENT_VIOLATION]"`. */
const FAIL_MARKER = /\[fail:([A-Za-z0-9_.-]+)\]/;

/** The timeline and outcome of a new task. */
export interface TaskPlan {
  startTime: number;
  completeTime: number;
  expireTime: number;
  outcome: TaskOutcome;
  render: RenderInput;
  outputCount: number;
}

/** What the planner needs besides the request. */
export interface PlannerContext {
  catalog: Catalog;
  random: Random;
  timeScale: number;
  taskFailureRate: number;
  /** Extension of the audio files the media renderer produces. */
  audioExtension: () => string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function renderInput(model: ModelInfo, input: Record<string, unknown>): RenderInput {
  const format = text(input.output_format);
  return {
    kind: model.kind,
    prompt: text(input.prompt) ?? "",
    aspectRatio: text(input.aspect_ratio) ?? text(input.size),
    resolution: text(input.resolution),
    format: format === "jpeg" || format === "jpg" ? "jpeg" : "png",
  };
}

function extensionOf(render: RenderInput, context: PlannerContext): string {
  if (render.kind === "video") return "mp4";
  if (render.kind === "audio") return context.audioExtension();
  return render.format === "jpeg" ? "jpg" : "png";
}

/**
 * Draws a task's run time within the model's `durationMs` range (× timeScale) and decides how it
 * ends: a `[fail:CODE]` prompt marker, then `taskFailureRate`, else success with the model's outputs.
 */
export function planTask(
  model: ModelInfo,
  input: Record<string, unknown>,
  createTime: number,
  context: PlannerContext,
): TaskPlan {
  const { random, timeScale, catalog } = context;
  const render = renderInput(model, input);
  const count = outputCount(model, input);
  const runMs =
    (model.durationMs.min + random.next() * (model.durationMs.max - model.durationMs.min)) *
    timeScale;
  const pendingMs = runMs * (0.05 + random.next() * 0.1);
  const forced = FAIL_MARKER.exec(render.prompt)?.[1];
  const failCode =
    forced ??
    (random.chance(context.taskFailureRate)
      ? catalog.failCodes[random.int(0, catalog.failCodes.length - 1)]
      : undefined);
  // A failing task stops somewhere in the middle of its run, as real providers do.
  const totalMs = failCode ? pendingMs + (runMs - pendingMs) * (0.2 + random.next() * 0.6) : runMs;
  const startTime = createTime + Math.round(pendingMs);
  const completeTime = Math.max(startTime, createTime + Math.round(totalMs));
  const outcome: TaskOutcome = failCode
    ? { state: "failed", failCode, failMsg: catalog.failMessage(failCode) }
    : {
        state: "success",
        outputs: Array.from(
          { length: count },
          (_, index): TaskOutput => ({ index, extension: extensionOf(render, context) }),
        ),
      };
  return {
    startTime,
    completeTime,
    expireTime: completeTime + Math.round(catalog.resultTtlMs * timeScale),
    outcome,
    render,
    outputCount: count,
  };
}
