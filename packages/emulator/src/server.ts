import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createEmulatorInstance } from "./app.js";
import type { StartEmulatorOptions } from "./options.js";
import type { EmulatorStats } from "./stats.js";

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:53412`: use it as the client's `baseUrl`. */
  url: string;
  /** The seed in use (drawn at random unless given): pass it back as `seed` to replay a run. */
  seed: number;
  /** Stops listening, closes open connections and cancels pending callbacks. */
  close(): Promise<void>;
  /** Counters and the task census, see {@link EmulatorStats}. */
  stats(): EmulatorStats;
  /** Forgets every task, balance and counter, and cancels pending callbacks. */
  reset(): void;
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts the emulator on `host:port` (default `127.0.0.1`, a free port).
 *
 * @example
 * const emulator = await startEmulator({ timeScale: 0.001, seed: 7 });
 * const apixo = createApixo({ apiKey: "test", baseUrl: emulator.url });
 * // ...
 * await emulator.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = "127.0.0.1", ...appOptions } = options;
  const { app, core } = createEmulatorInstance(appOptions);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(instance));
    instance.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host)}:${address.port}`,
    seed: core.config.seed,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        core.close();
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      return closing;
    },
    stats: () => core.snapshot(),
    reset: () => core.reset(),
  };
}
