import { type CallbackHandler, createCallbackHandler } from "@apixo-ts/client/webhooks";
import { Hono } from "hono";
import type { Clock, Logger } from "../deps.js";
import type { TaskStore } from "../task-store.js";
import type { TaskTracker } from "../task-tracker.js";
import type { UpstreamClient } from "../upstream.js";

/** Dependencies of {@link createWebhookRoutes}. */
export interface WebhookRoutesDeps {
  apixo: UpstreamClient;
  store: TaskStore;
  tracker: TaskTracker;
  clock: Clock;
  secret: string;
  logger: Logger;
}

/** The webhook routes and the toolkit handler behind them (its `idle()` is awaited on shutdown). */
export interface WebhookRoutes {
  routes: Hono;
  handler: CallbackHandler;
}

/**
 * `POST /webhooks/apixo?...`: the signed callback endpoint, handled entirely by the client's
 * webhook toolkit (URL signature and expiry check → 401 when forged or expired; 200 at once; the
 * result re-read with `status()` since the body is unsigned; one `onTask` per task, so duplicates
 * are harmless). The demo only maps the confirmed task to its row by the signed `ref`.
 */
export function createWebhookRoutes(deps: WebhookRoutesDeps): WebhookRoutes {
  const { store, tracker, logger } = deps;
  const handler = createCallbackHandler({
    secret: deps.secret,
    apixo: deps.apixo,
    now: () => deps.clock.now(),
    onTask: (task, { ref }) => {
      const record = store.get(ref);
      if (!record || (record.taskId !== undefined && record.taskId !== task.taskId)) {
        logger.warn(`callback for task ${task.taskId} does not match row ${ref}; ignored`);
        return;
      }
      tracker.apply(record.id, task, "callback");
    },
    onError: (error, { ref, taskId }) => {
      // The reconciler covers it: a failed re-read only delays the task.
      logger.warn(
        `callback for ${ref} (${taskId}): ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  });
  const routes = new Hono();
  routes.post("/apixo", (c) => handler(c.req.raw));
  return { routes, handler };
}
