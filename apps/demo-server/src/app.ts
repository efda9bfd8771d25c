import { join } from "node:path";
import { models } from "@apixo-ts/openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { type DemoDeps, silentLogger } from "./deps.js";
import { createEventBus, type EventBus } from "./event-bus.js";
import { buildModelForms } from "./model-forms.js";
import { createReconciler, type Reconciler } from "./reconciler.js";
import { createApiRoutes } from "./routes/api-routes.js";
import { createEventRoutes } from "./routes/event-routes.js";
import { createOutputRoutes } from "./routes/output-routes.js";
import { createPageRoutes } from "./routes/page-routes.js";
import { createWebhookRoutes } from "./routes/webhook-routes.js";
import { createRestartResubmitter, createTaskSubmitter } from "./task-submitter.js";
import { createTaskTracker, type TaskTracker } from "./task-tracker.js";

/** Largest request body accepted (a prompt of 20,000 characters fits several times). */
export const MAX_BODY_BYTES = 256 * 1024;

/** The demo app and the parts tests and `main.ts` drive directly. */
export interface DemoApp {
  /** The Hono app: `app.fetch` for a server, `app.request()` for tests. */
  app: Hono;
  reconciler: Reconciler;
  tracker: TaskTracker;
  events: EventBus;
  /**
   * Resumes unfinished work (call once at start-up; with `resubmitOnStart`, first sends unfinished
   * tasks to the fresh in-process emulator again), then starts the reconciler.
   */
  start(): Promise<void>;
  /** Stops the reconciler and waits for running downloads. */
  stop(): Promise<void>;
}

/**
 * Builds the demo server from injected dependencies: the JSON API, the SSE stream, the signed
 * callback endpoint, the outputs, and the page; plus the reconciler that covers lost callbacks.
 */
export function createDemoApp(deps: DemoDeps): DemoApp {
  const logger = deps.logger ?? silentLogger;
  const events = deps.events ?? createEventBus();
  const { store, clock, apixo } = deps;
  const tracker = createTaskTracker({ store, events, downloader: deps.downloader, clock, logger });
  const reconciler = createReconciler({
    store,
    apixo,
    tracker,
    clock,
    logger,
    ...(deps.timeScale !== undefined ? { timeScale: deps.timeScale } : {}),
    ...(deps.reconcileEveryMs !== undefined ? { everyMs: deps.reconcileEveryMs } : {}),
  });
  const submitterDeps = {
    apixo,
    store,
    tracker,
    reconciler,
    clock,
    publicUrl: deps.publicUrl,
    secret: deps.secret,
  };
  const submit = createTaskSubmitter(submitterDeps);
  const info = {
    upstream: deps.upstream?.label ?? "APIXO",
    emulator: deps.upstream?.emulator ?? false,
  };

  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        mediaSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }, 413),
    }),
  );
  app.route("/api", createApiRoutes({ store, submit, forms: buildModelForms(models), info }));
  app.route("/api", createEventRoutes(events));
  const webhooks = createWebhookRoutes({
    apixo,
    store,
    tracker,
    clock,
    secret: deps.secret,
    logger,
  });
  app.route("/webhooks", webhooks.routes);
  app.route("/outputs", createOutputRoutes(join(deps.dataDir, "outputs")));
  app.route("/", createPageRoutes(info));
  app.onError((error, c) => {
    logger.warn(`${c.req.method} ${c.req.path}: ${error.message}`);
    return c.json({ error: "Internal error; see the server log." }, 500);
  });

  return {
    app,
    reconciler,
    tracker,
    events,
    async start() {
      if (deps.resubmitOnStart) {
        const resubmit = createRestartResubmitter(submitterDeps);
        const forgotten = store.listUnfinished();
        for (const record of forgotten) await resubmit(record);
        if (forgotten.length > 0) {
          logger.info(`resubmitted ${forgotten.length} unfinished task(s) to the fresh emulator`);
        }
      }
      await reconciler.resume();
      reconciler.start();
    },
    async stop() {
      await reconciler.stop();
      await webhooks.handler.idle();
      await tracker.idle();
    },
  };
}
