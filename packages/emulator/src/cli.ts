import { parseArgs } from "node:util";
import { USAGE } from "./cli-usage.js";
import { EmulatorError } from "./errors.js";
import { FAULT_KINDS } from "./internal/fault-injector.js";
import type {
  FaultEndpoint,
  FaultOptions,
  FaultRates,
  RateLimitOptions,
  StartEmulatorOptions,
} from "./options.js";
import { type RunningEmulator, startEmulator } from "./server.js";

/** Where the CLI writes; injected so tests can capture it. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const ENDPOINTS: readonly FaultEndpoint[] = ["generateTask", "statusTask", "balance", "files"];
const KINDS = [...FAULT_KINDS, "slow", "slowMs", "retryAfterSeconds"] as const;

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) {
    throw new EmulatorError(
      "INVALID_OPTION",
      `--${flag} expects a number, got ${JSON.stringify(value)}.`,
    );
  }
  return parsed;
}

function applyFault(faults: FaultOptions, spec: string): void {
  const match = /^(?:(\w+)\.)?(\w+)=([\d.eE+-]+)$/.exec(spec);
  const endpoint = match?.[1] as FaultEndpoint | undefined;
  const kind = match?.[2] as (typeof KINDS)[number] | undefined;
  if (
    !match ||
    !kind ||
    !KINDS.includes(kind) ||
    (endpoint !== undefined && !ENDPOINTS.includes(endpoint))
  ) {
    throw new EmulatorError(
      "INVALID_OPTION",
      `--fault expects [endpoint.]kind=probability (see --help), got ${JSON.stringify(spec)}.`,
    );
  }
  let rates: FaultRates = faults;
  if (endpoint) {
    rates = faults[endpoint] ?? {};
    faults[endpoint] = rates;
  }
  rates[kind] = number("fault", match[3]);
}

/** The `rateLimit` option from its flags, or `undefined` when none is given. */
function parseRateLimit(values: Record<string, unknown>): RateLimitOptions | undefined {
  const flags: [string, keyof RateLimitOptions][] = [
    ["rate-limit", "requestsPerSecond"],
    ["burst", "burst"],
    ["submit-rate-limit", "submitsPerSecond"],
    ["submit-burst", "submitBurst"],
    ["max-running", "maxRunningTasks"],
  ];
  const limit: RateLimitOptions = {};
  for (const [flag, key] of flags) {
    const value = number(flag, values[flag] as string | undefined);
    if (value !== undefined) limit[key] = value;
  }
  return Object.keys(limit).length > 0 ? limit : undefined;
}

/** Turns command-line arguments into {@link startEmulator} options (throws on a bad flag). */
export function parseCliOptions(argv: readonly string[]): StartEmulatorOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "time-scale": { type: "string" },
      seed: { type: "string" },
      "api-key": { type: "string", multiple: true },
      balance: { type: "string" },
      "rate-limit": { type: "string" },
      burst: { type: "string" },
      "submit-rate-limit": { type: "string" },
      "submit-burst": { type: "string" },
      "max-running": { type: "string" },
      "fault-rate": { type: "string" },
      fault: { type: "string", multiple: true },
      "slow-ms": { type: "string" },
      "retry-after": { type: "string" },
      "task-failure-rate": { type: "string" },
      "callback-duplicate-rate": { type: "string" },
      "callback-timeout-ms": { type: "string" },
      "unknown-state-rate": { type: "string" },
      "omit-cost-time-rate": { type: "string" },
      "staged-callback-rate": { type: "string" },
      "duplicate-window-ms": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set("rate", number("fault-rate", values["fault-rate"]));
  set("slowMs", number("slow-ms", values["slow-ms"]));
  set("retryAfterSeconds", number("retry-after", values["retry-after"]));
  set("taskFailureRate", number("task-failure-rate", values["task-failure-rate"]));
  for (const spec of values.fault ?? []) applyFault(faults, spec);
  const rateLimit = parseRateLimit(values);
  const duplicateRate = number("callback-duplicate-rate", values["callback-duplicate-rate"]);
  const options: StartEmulatorOptions = { port: number("port", values.port) ?? 4010 };
  if (values.host !== undefined) options.host = values.host;
  const timeScale = number("time-scale", values["time-scale"]);
  if (timeScale !== undefined) options.timeScale = timeScale;
  const seed = number("seed", values.seed);
  if (seed !== undefined) options.seed = seed;
  if (values["api-key"]) options.apiKeys = values["api-key"];
  const balance = number("balance", values.balance);
  if (balance !== undefined) options.balanceUsd = balance;
  if (rateLimit) options.rateLimit = rateLimit;
  if (Object.keys(faults).length > 0) options.faults = faults;
  const attemptTimeoutMs = number("callback-timeout-ms", values["callback-timeout-ms"]);
  if (duplicateRate !== undefined || attemptTimeoutMs !== undefined) {
    options.callbacks = {};
    if (duplicateRate !== undefined) options.callbacks.duplicateRate = duplicateRate;
    if (attemptTimeoutMs !== undefined) options.callbacks.attemptTimeoutMs = attemptTimeoutMs;
  }
  const unknownState = number("unknown-state-rate", values["unknown-state-rate"]);
  const omitCostTime = number("omit-cost-time-rate", values["omit-cost-time-rate"]);
  const stagedCallbacks = number("staged-callback-rate", values["staged-callback-rate"]);
  if (unknownState !== undefined || omitCostTime !== undefined || stagedCallbacks !== undefined) {
    options.quirks = {};
    if (unknownState !== undefined) options.quirks.unknownState = unknownState;
    if (omitCostTime !== undefined) options.quirks.omitCostTime = omitCostTime;
    if (stagedCallbacks !== undefined) options.quirks.stagedCallbacks = stagedCallbacks;
  }
  const duplicateWindowMs = number("duplicate-window-ms", values["duplicate-window-ms"]);
  if (duplicateWindowMs !== undefined) options.duplicateWindowMs = duplicateWindowMs;
  return options;
}

const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs the `apixo-emulator` command: starts the emulator and prints its URL on stdout.
 * Resolves with the running emulator (or `undefined` after `--help` or a usage error, with
 * `process.exitCode` set to 2 for the latter).
 */
export async function main(
  argv: readonly string[],
  io: CliIo = defaultIo,
): Promise<RunningEmulator | undefined> {
  let options: StartEmulatorOptions | "help";
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    io.stderr(`apixo-emulator: ${error instanceof Error ? error.message : String(error)}`);
    io.stderr("Run apixo-emulator --help for the options.");
    process.exitCode = 2;
    return undefined;
  }
  if (options === "help") {
    io.stdout(USAGE);
    return undefined;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    io.stderr(`apixo-emulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EmulatorError.isInstance(error) ? 2 : 1;
    return undefined;
  }
  io.stdout(emulator.url);
  io.stderr(
    `apixo-emulator: listening on ${emulator.url} (time scale ${options.timeScale ?? 1}, seed ${emulator.seed}); Ctrl-C to stop`,
  );
  return emulator;
}
