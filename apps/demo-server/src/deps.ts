import type { EventBus } from "./event-bus.js";
import type { OutputDownloader } from "./output-downloader.js";
import type { TaskStore } from "./task-store.js";
import type { UpstreamClient } from "./upstream.js";

/** The source of time (Unix ms); injected so tests can move it. */
export interface Clock {
  now(): number;
}

/** Minimal logger; `main.ts` prints to the console, tests stay quiet. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Which upstream the demo talks to, as the page shows it. */
export interface UpstreamInfo {
  label: string;
  /** True when the upstream is the emulator (the page says so). */
  emulator: boolean;
}

/** Everything the demo app needs from the outside world. */
export interface DemoDeps {
  /** The APIXO client (real or pointed at the emulator). The API key stays inside it. */
  apixo: UpstreamClient;
  store: TaskStore;
  clock: Clock;
  downloader: OutputDownloader;
  /** Public base URL of this server, used to build callback URLs (e.g. `http://127.0.0.1:3000`). */
  publicUrl: string;
  /** Secret of the signed callback URLs. */
  secret: string;
  /** Data directory; outputs live in `<dataDir>/outputs`. */
  dataDir: string;
  /** What the page says about the upstream. @default { label: "APIXO", emulator: false } */
  upstream?: UpstreamInfo;
  events?: EventBus;
  logger?: Logger;
  /**
   * The upstream forgets every task when the server stops (the emulator runs inside the server
   * process): at start-up, unfinished tasks are submitted to it again so they still finish.
   * Never set this for APIXO, where a resubmit would bill the task twice. @default false
   */
  resubmitOnStart?: boolean;
  /** Multiplies model run times for the reconciler (the emulator's `timeScale`). @default 1 */
  timeScale?: number;
  /** Reconciler tick period in ms. @default 1000 */
  reconcileEveryMs?: number;
}

/** A logger that drops everything (the default in tests). */
export const silentLogger: Logger = { info() {}, warn() {} };

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };
