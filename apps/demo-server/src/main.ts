#!/usr/bin/env node
// Starts the demo server: reads the environment, picks the upstream (APIXO with a key, otherwise the
// emulator in-process), opens the store, resumes unfinished work and serves on HOST:PORT.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createApixo } from "@apixo-ts/client";
import { startEmulator } from "@apixo-ts/emulator";
import { serve } from "@hono/node-server";
import { createDemoApp } from "./app.js";
import { loadOrCreateSecret } from "./callback-secret.js";
import { readConfig } from "./config.js";
import { type Logger, systemClock } from "./deps.js";
import { createOutputDownloader } from "./output-downloader.js";
import { openTaskStore } from "./task-store.js";

const logger: Logger = {
  info: (message) => console.log(`[demo] ${message}`),
  warn: (message) => console.warn(`[demo] ${message}`),
};

async function main(): Promise<void> {
  const config = readConfig();
  mkdirSync(join(config.dataDir, "outputs"), { recursive: true });
  const secret = config.callbackSecret ?? loadOrCreateSecret(config.dataDir);

  const emulator = config.apiKey ? undefined : await startEmulator({ timeScale: config.timeScale });
  const baseUrl = emulator?.url ?? config.baseUrl;
  const apixo = createApixo({
    // The emulator accepts any non-empty key; a real key never leaves this process but to APIXO.
    apiKey: config.apiKey ?? "demo-emulator-key",
    ...(baseUrl ? { baseUrl } : {}),
  });
  const upstream = emulator
    ? {
        label: `the built-in APIXO emulator at ${emulator.url} (no APIXO_API_KEY set; time scale ${config.timeScale})`,
        emulator: true,
      }
    : { label: `APIXO at ${baseUrl ?? "https://api.apixo.ai"}`, emulator: false };

  const store = openTaskStore(join(config.dataDir, "demo.sqlite"));
  let handle: ((request: Request) => Response | Promise<Response>) | undefined;
  const server = serve({
    fetch: (request) => (handle ? handle(request) : new Response("Starting up", { status: 503 })),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl =
    config.publicUrl ??
    `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;

  const demo = createDemoApp({
    apixo,
    store,
    clock: systemClock,
    downloader: createOutputDownloader({ dir: join(config.dataDir, "outputs") }),
    publicUrl,
    secret,
    dataDir: config.dataDir,
    upstream,
    logger,
    timeScale: config.timeScale,
    // The in-process emulator dies with this process: after a crash it knows none of our tasks.
    resubmitOnStart: emulator !== undefined,
  });
  handle = demo.app.fetch;
  logger.info(`upstream: ${upstream.label}`);
  logger.info(`data in ${config.dataDir}; callbacks to ${publicUrl}/webhooks/apixo`);
  logger.info(`listening on http://${config.host}:${port}`);
  if (!emulator && /^http:\/\/(127\.|localhost|\[::1\])/.test(publicUrl)) {
    logger.warn(
      `APIXO cannot reach ${publicUrl}: set PUBLIC_URL to a public HTTPS address (e.g. a tunnel). Until then callbacks are lost and the reconciler polls each task once it is overdue.`,
    );
  }
  await demo.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    server.close();
    await demo.stop();
    store.close();
    await emulator?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(
    `[demo] failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
