import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApixo } from "@apixo-ts/client";
import { startEmulator } from "@apixo-ts/emulator";
import { type ServerType, serve } from "@hono/node-server";
import { createDemoApp, type DemoApp } from "../src/app.js";
import { systemClock } from "../src/deps.js";
import { createOutputDownloader } from "../src/output-downloader.js";
import { openTaskStore, type TaskStore } from "../src/task-store.js";
import type { TaskView } from "../src/task-view.js";

export const SECRET = "test-callback-secret-0123456789";
/** A distinctive key, so tests can check it never reaches a response. */
export const API_KEY = "sk-demo-test-4f1c9a7e";
/** The emulator runs tasks 100× faster than APIXO (nano-banana: 100–150 ms). */
export const EMULATOR_TIME_SCALE = 0.01;

/** A port that nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  /** `served`: callbacks reach the app; `lost`: the callback URL points at a closed port. */
  callbacks: "served" | "lost";
  /** The reconciler's time scale: 1 keeps it out of the way for the test's lifetime. */
  reconcileTimeScale: number;
  /** Reuse a data directory (restart tests). */
  dataDir?: string;
}

/** The demo app over the real emulator (HTTP on 127.0.0.1), a temp data dir and a real SQLite file. */
export interface Harness {
  demo: DemoApp;
  store: TaskStore;
  dataDir: string;
  emulatorUrl: string;
  publicUrl: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the app (optionally without waiting, like a crash) and frees everything. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startHarness(
  options: HarnessOptions,
  emulator?: { url: string; close(): Promise<void> },
): Promise<Harness> {
  const ownEmulator = emulator
    ? undefined
    : await startEmulator({ timeScale: EMULATOR_TIME_SCALE, seed: 7 });
  const upstream = emulator ?? (ownEmulator as { url: string; close(): Promise<void> });
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "apixo-demo-test-"));
  const store = openTaskStore(join(dataDir, "demo.sqlite"));
  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  let server: ServerType | undefined;
  let publicUrl: string;
  if (options.callbacks === "served") {
    server = serve({ fetch: (request) => handler(request), port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server?.once("listening", () => resolve()));
    publicUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  } else {
    publicUrl = `http://127.0.0.1:${await freePort()}`;
  }
  const demo = createDemoApp({
    apixo: createApixo({ apiKey: API_KEY, baseUrl: upstream.url }),
    store,
    clock: systemClock,
    downloader: createOutputDownloader({ dir: join(dataDir, "outputs") }),
    publicUrl,
    secret: SECRET,
    dataDir,
    timeScale: options.reconcileTimeScale,
    reconcileEveryMs: 25,
  });
  handler = demo.app.fetch;
  await demo.start();
  return {
    demo,
    store,
    dataDir,
    emulatorUrl: upstream.url,
    publicUrl,
    request: async (path, init) => demo.app.request(path, init),
    async close({ keepData = false } = {}) {
      await demo.stop();
      store.close();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await ownEmulator?.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a JSON body. */
export function postJson(harness: { request: Harness["request"] }, path: string, body: unknown) {
  return harness.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * Re-reads `GET /api/tasks/:id` until `predicate` holds. Waits on behaviour, not on time: the
 * deadline only turns a hang into a readable failure.
 */
export async function waitForTask(
  request: Harness["request"],
  id: string,
  predicate: (task: TaskView) => boolean,
  deadlineMs = 20_000,
): Promise<TaskView> {
  const started = Date.now();
  for (;;) {
    const task = (await (await request(`/api/tasks/${id}`)).json()) as TaskView;
    if (predicate(task)) return task;
    if (Date.now() - started > deadlineMs) {
      throw new Error(`task ${id} did not get there; last seen: ${JSON.stringify(task)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const done = (task: TaskView) =>
  task.state === "failed" ||
  (task.state === "success" && task.outputsState !== "pending" && task.outputsState !== "none");
