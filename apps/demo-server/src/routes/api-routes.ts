import { Hono } from "hono";
import type { ModelForm } from "../model-forms.js";
import type { TaskStore } from "../task-store.js";
import { SubmitError, type TaskSubmitter } from "../task-submitter.js";
import { toTaskView } from "../task-view.js";

/** Dependencies of {@link createApiRoutes}. */
export interface ApiRoutesDeps {
  store: TaskStore;
  submit: TaskSubmitter;
  forms: ModelForm[];
  info: { upstream: string; emulator: boolean };
}

/** The JSON API under `/api`: tasks, models (the page's forms) and server info. */
export function createApiRoutes(deps: ApiRoutesDeps): Hono {
  const { store, submit } = deps;
  const api = new Hono();

  api.post("/tasks", async (c) => {
    let body: { model?: unknown; input?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'The body must be JSON: { "model": ..., "input": { ... } }.' }, 400);
    }
    try {
      const record = await submit(body?.model, body?.input);
      return c.json(
        { id: record.id, model: record.model, taskId: record.taskId ?? null, state: record.state },
        201,
      );
    } catch (error) {
      if (error instanceof SubmitError) return c.json({ error: error.message }, error.status);
      throw error;
    }
  });

  api.get("/tasks", (c) => {
    const limit = Math.min(500, Math.max(1, Number(c.req.query("limit") ?? 100) || 100));
    return c.json({
      tasks: store.list(limit).map((record) => toTaskView(record, store.history(record.id))),
    });
  });

  api.get("/tasks/:id", (c) => {
    const id = c.req.param("id");
    const record = store.get(id);
    if (!record) return c.json({ error: `No task ${id}.` }, 404);
    return c.json(toTaskView(record, store.history(id)));
  });

  api.get("/models", (c) => c.json({ models: deps.forms }));
  api.get("/info", (c) => c.json(deps.info));

  return api;
}
