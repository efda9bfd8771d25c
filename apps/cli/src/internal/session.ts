import type { Apixo, PollOverrides } from "@apixo-ts/client";
import type { CliIo } from "../io.js";
import { CliError, usageError } from "./cli-error.js";
import type { ModelInfo } from "./contract.js";
import { ExitCode } from "./exit-codes.js";
import type { Output } from "./output.js";

/** The default API origin; the resume command names `--base-url` only for another one. */
export const DEFAULT_BASE_URL = "https://api.apixo.ai";

/** The time scale of `--emulator` unless `--time-scale` says otherwise: a 10 s task takes 1 s. */
export const DEFAULT_EMULATOR_TIME_SCALE = 0.1;

/** The least wait deadline a time scale may shrink a model's deadline to. */
export const MIN_SCALED_DEADLINE_MS = 30_000;

/** Connection settings from flags and environment. */
export interface SessionOptions {
  apiKey?: string;
  baseUrl?: string;
  emulator: boolean;
  timeScale?: number;
}

/** A configured client, and the in-process emulator when `--emulator` is on. */
export interface Session {
  apixo: Apixo;
  baseUrl: string;
  /** How fast the API's clock runs (1 for the real API); scales polling and expected times. */
  timeScale: number;
  /** Present with `--emulator`: tasks live only as long as this process. */
  emulator?: { url: string; timeScale: number };
  /** Polling overrides and deadline for a model: the profile scaled by the emulator's time scale. */
  pollFor(model: ModelInfo | undefined): { poll?: PollOverrides; timeoutMs?: number };
  /** Stops the emulator, if any. */
  close(): Promise<void>;
}

/**
 * A model's polling profile scaled by `timeScale` (the deadline no lower than 30 s); no overrides
 * at real speed or for unknown models.
 */
export function scaledPolling(
  model: ModelInfo | undefined,
  timeScale: number,
): { poll?: PollOverrides; timeoutMs?: number } {
  if (!model || timeScale === 1) return {};
  const scale = (ms: number): number => Math.max(1, Math.round(ms * timeScale));
  return {
    poll: {
      initialDelayMs: scale(model.polling.initialDelayMs),
      intervalMs: scale(model.polling.intervalMs),
      maxIntervalMs: scale(model.polling.maxIntervalMs),
      factor: model.polling.factor,
    },
    // Requests, processes and a busy CPU do not speed up with the time scale: keep a floor.
    timeoutMs: Math.min(
      model.polling.timeoutMs,
      Math.max(scale(model.polling.timeoutMs), MIN_SCALED_DEADLINE_MS),
    ),
  };
}

/**
 * Opens a session: resolves the key and the base URL (flag > environment > default), starts the
 * emulator in-process for `--emulator`, and creates the client with its logs on stderr (the key
 * redacted by the client; `--verbose` shows debug lines).
 */
export async function openSession(
  options: SessionOptions,
  io: CliIo,
  output: Output,
): Promise<Session> {
  if (options.emulator && options.baseUrl) {
    throw usageError("--emulator and --base-url cannot be used together");
  }
  const { createApixo } = await import("@apixo-ts/client");
  const logger = {
    debug: (line: string) => output.debug(line),
    info: (line: string) => output.debug(line),
    warn: (line: string) => output.warn(line),
    error: (line: string) => output.warn(line),
  };
  const envLevel = io.env.APIXO_LOG;
  const logLevel = output.options.verbose
    ? "debug"
    : envLevel === "debug" || envLevel === "info" || envLevel === "error" || envLevel === "silent"
      ? envLevel
      : "warn";

  // The API's clock relative to real time: 0.1 for the in-process emulator unless told otherwise,
  // or what `--time-scale` says about an emulator started elsewhere (`apixo emulator --time-scale`).
  const timeScale = options.timeScale ?? (options.emulator ? DEFAULT_EMULATOR_TIME_SCALE : 1);
  const pollFor = (model: ModelInfo | undefined) => scaledPolling(model, timeScale);

  if (options.emulator) {
    const { startEmulator } = await import("@apixo-ts/emulator");
    const server = await startEmulator({ timeScale });
    output.info(
      output.style.dim(
        `apixo: using a local emulator at ${server.url} (time scale ${timeScale}); nothing is billed, tasks end with this command`,
      ),
    );
    const apixo = createApixo({
      apiKey: options.apiKey ?? "emulator",
      baseUrl: server.url,
      logger,
      logLevel,
    });
    return {
      apixo,
      baseUrl: server.url,
      timeScale,
      emulator: { url: server.url, timeScale },
      pollFor,
      close: () => server.close(),
    };
  }

  const apiKey = options.apiKey ?? io.env.APIXO_API_KEY;
  if (!apiKey) {
    throw new CliError("no API key: set APIXO_API_KEY", ExitCode.api, [
      "or try the command against a local emulator with --emulator",
    ]);
  }
  const baseUrl = options.baseUrl ?? io.env.APIXO_BASE_URL ?? DEFAULT_BASE_URL;
  let apixo: Apixo;
  try {
    apixo = createApixo({ apiKey, baseUrl, logger, logLevel });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  return { apixo, baseUrl, timeScale, pollFor, close: async () => {} };
}
