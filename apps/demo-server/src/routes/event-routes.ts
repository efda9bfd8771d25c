import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { EventBus } from "../event-bus.js";

/** How often an idle stream sends a comment, so proxies keep it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /api/events`: a Server-Sent Events stream with one `task` event (the task's JSON view) per
 * change. The page reloads the list on (re)connect, so no replay is needed.
 */
export function createEventRoutes(events: EventBus): Hono {
  const routes = new Hono();
  routes.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      const unsubscribe = events.subscribe((task) => {
        stream.writeSSE({ event: "task", data: JSON.stringify(task) }).catch(() => unsubscribe());
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: "ready", data: "{}" });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(KEEP_ALIVE_MS);
        if (!stream.aborted) await stream.write(": keep-alive\n\n");
      }
      unsubscribe();
    }),
  );
  return routes;
}
