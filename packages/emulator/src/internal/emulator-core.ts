import { contract, models } from "@apixo-ts/openapi";
import type { EmulatorOptions } from "../options.js";
import type { EmulatorStats } from "../stats.js";
import { BalanceLedger } from "./balance-ledger.js";
import { CallbackDispatcher } from "./callback-dispatcher.js";
import { type Catalog, createCatalog } from "./catalog.js";
import { type EmulatorConfig, resolveConfig } from "./config.js";
import { ContractSchemas } from "./contract-schemas.js";
import { DuplicateDetector } from "./duplicate-detector.js";
import { FaultInjector } from "./fault-injector.js";
import { FileCache, type MediaRenderers } from "./file-cache.js";
import { createRandom, type Random } from "./random.js";
import { RateLimiter } from "./rate-limiter.js";
import { createRequestValidator, type RequestValidator } from "./request-validator.js";
import { StatsRecorder } from "./stats-recorder.js";
import { TaskStore } from "./task-store.js";

/** Everything the routes share: configuration, state and the services built on them. */
export interface EmulatorCore {
  config: EmulatorConfig;
  catalog: Catalog;
  validator: RequestValidator;
  store: TaskStore;
  ledger: BalanceLedger;
  /** The per-key token buckets (all requests, task creation). */
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: StatsRecorder;
  callbacks: CallbackDispatcher;
  files: FileCache;
  duplicates: DuplicateDetector;
  /** The seeded stream for task ids, durations and failures. */
  taskRandom(): Random;
  /** Whether any quirk is configured (skips the draw on the hot path otherwise). */
  quirksActive: boolean;
  /** The seeded stream for quirks of status answers. */
  quirkRandom(): Random;
  /** The extension of audio outputs. */
  audioExtension(): string;
  /** A stats snapshot at the current time. */
  snapshot(): EmulatorStats;
  /** Forgets every task, balance, bucket and counter; cancels pending callbacks. */
  reset(): void;
  /** Cancels pending callbacks (the app keeps answering). */
  close(): void;
}

/**
 * The request validator, shared by every emulator in the process: the contract is a constant of
 * the installed package, so its compiled schemas are too.
 */
let sharedValidator: RequestValidator | undefined;

function requestValidator(): RequestValidator {
  sharedValidator ??= createRequestValidator(
    new ContractSchemas(contract),
    models,
    new ContractSchemas(contract, { discriminator: false }),
  );
  return sharedValidator;
}

/**
 * Builds the emulator's state from its options (validated here: a bad option throws). Request
 * schemas come from the shared validator, compiled once per model per process.
 */
export function createEmulatorCore(options: EmulatorOptions, media: MediaRenderers): EmulatorCore {
  const config = resolveConfig(options);
  const stats = new StatsRecorder();
  const store = new TaskStore();
  let random = createRandom(config.seed, "tasks");
  let quirkRandom = createRandom(config.seed, "quirks");
  const catalog = createCatalog();
  const core: EmulatorCore = {
    config,
    catalog,
    validator: requestValidator(),
    store,
    ledger: new BalanceLedger(config.balanceMicroUsd),
    limiter: new RateLimiter(config.rateLimit),
    faults: new FaultInjector(config.faults, config.seed, config.timeScale),
    stats,
    callbacks: new CallbackDispatcher({
      fetch: config.callbackFetch,
      policy: catalog.callbackPolicy,
      timeScale: config.timeScale,
      duplicateRate: config.callbackDuplicateRate,
      attemptTimeoutMs: config.callbackAttemptTimeoutMs,
      random: createRandom(config.seed, "callbacks"),
      stats,
    }),
    files: new FileCache(media, config.seed),
    duplicates: new DuplicateDetector(config.duplicateWindowMs),
    taskRandom: () => random,
    quirksActive: config.quirks.unknownState > 0 || config.quirks.omitCostTime > 0,
    quirkRandom: () => quirkRandom,
    audioExtension: () => media.AUDIO_EXTENSION,
    snapshot: () => stats.snapshot(store.census(config.now())),
    reset() {
      core.callbacks.cancelAll();
      store.clear();
      core.ledger.clear();
      core.limiter.clear();
      core.faults.reset();
      core.files.clear();
      core.duplicates.clear();
      stats.reset();
      random = createRandom(config.seed, "tasks");
      quirkRandom = createRandom(config.seed, "quirks");
    },
    close() {
      core.callbacks.cancelAll();
    },
  };
  return core;
}
