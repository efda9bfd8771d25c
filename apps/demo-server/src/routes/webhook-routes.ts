import { createCallbackHandler } from "@apixo-ts/client/webhooks";
import { Hono } from "hono";
import type { Logger } from "../deps.js";
import type { TaskStore } from "../task-store.js";
import type { TaskTracker } from "../task-tracker.js";
import type { UpstreamClient, UpstreamTask } from "../upstream.js";

/** Dependencies of {@link createWebhookRoutes}. */
export interface WebhookRoutesDeps {
  apixo: UpstreamClient;
  store: TaskStore;
  tracker: TaskTracker;
  secret: string;
  logger: Logger;
}

/**
 * `POST /webhooks/apixo?...`: the signed callback endpoint, handled entirely by the client's
 * webhook toolkit (URL signature and expiry check → 401 when forged; 200 at once; the result is
 * re-read with `status()` since the body is unsigned; one `onTask` per task, so duplicates are
 * harmless). The demo only maps the task to its row, by the signed `ref` or by `taskId`.
 */
export function createWebhookRoutes(deps: WebhookRoutesDeps): Hono {
  const { store, tracker, logger } = deps;
  const handler = createCallbackHandler({
    secret: deps.secret,
    apixo: deps.apixo as Parameters<typeof createCallbackHandler>[0]["apixo"],
    onTask: (task: UpstreamTask, context?: { ref?: string }) => {
      const byRef = context?.ref ? store.get(context.ref) : undefined;
      const record = byRef ?? store.findByTaskId(task.taskId);
      if (!record || (record.taskId && record.taskId !== task.taskId)) {
        logger.warn(
          `callback for unknown task ${task.taskId} (ref ${context?.ref ?? "-"}) ignored`,
        );
        return;
      }
      tracker.apply(record.id, task, "callback");
    },
  });
  const routes = new Hono();
  routes.post("/apixo", (c) => handler(c.req.raw));
  return routes;
}
