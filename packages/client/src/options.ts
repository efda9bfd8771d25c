import { type Clock, systemClock } from "./clock.js";
import { ApixoError } from "./errors.js";
import { createLog, type Log, type Logger, type LogLevel } from "./logger.js";

/** Options of {@link createApixo}. Each one: explicit value > environment variable > default. */
export interface ApixoOptions {
  /** API key, sent as `Authorization: Bearer`. Env `APIXO_API_KEY`. Checked when a call is made. */
  apiKey?: string;
  /**
   * API origin. Env `APIXO_BASE_URL`. Must be `https://`, or `http://` to a loopback host
   * (localhost, 127.0.0.0/8, [::1]) such as a local emulator.
   * @default "https://api.apixo.ai"
   */
  baseUrl?: string;
  /** `fetch` implementation (tests, proxies, instrumentation). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retries of one call when the retry policy allows it. @default 2 */
  maxRetries?: number;
  /** Timeout of each HTTP request (not of `wait`, which has its own deadline). @default 60000 */
  timeoutMs?: number;
  /** Where log lines go. @default console (when a level other than `silent` is set) */
  logger?: Logger;
  /**
   * Minimum level logged. Env `APIXO_LOG`.
   * @default "warn" when a `logger` is given, otherwise "silent"
   */
  logLevel?: LogLevel;
  /** Time source for waits, backoffs and jitter; replace it in tests. @default systemClock */
  clock?: Clock;
}

/** Defaults of every option, in one place. */
export const DEFAULTS = {
  baseUrl: "https://api.apixo.ai",
  maxRetries: 2,
  timeoutMs: 60_000,
} as const;

/** {@link ApixoOptions} with every default applied. */
export interface ResolvedOptions {
  apiKey: string | undefined;
  baseUrl: string;
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
  log: Log;
  clock: Clock;
}

/** Reads an environment variable where one exists (Node, Bun, Deno with --allow-env); never throws. */
export function readEnv(name: string): string | undefined {
  try {
    return (
      (globalThis as { process?: { env: Record<string, string> } }).process?.env[name] || undefined
    );
  } catch {
    // Deno without --allow-env throws on access: behave as if the variable were unset.
    return undefined;
  }
}

/** Resolves options once: explicit > env > {@link DEFAULTS}. Throws on an unsafe `baseUrl`. */
export function resolveOptions(options: ApixoOptions = {}, env = readEnv): ResolvedOptions {
  const apiKey = options.apiKey ?? env("APIXO_API_KEY");
  const logLevel = options.logLevel ?? env("APIXO_LOG") ?? (options.logger ? "warn" : "silent");
  return {
    apiKey,
    baseUrl: checkBaseUrl(options.baseUrl ?? env("APIXO_BASE_URL") ?? DEFAULTS.baseUrl),
    // Looked up at call time, so a fetch patched after createApixo (tests, polyfills) is used.
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    maxRetries: checkRetries(options.maxRetries ?? DEFAULTS.maxRetries),
    timeoutMs: checkNumber("timeoutMs", options.timeoutMs ?? DEFAULTS.timeoutMs, 1),
    log: createLog(options.logger ?? console, logLevel, apiKey),
    clock: options.clock ?? systemClock,
  };
}

/** The `Authorization` header for `apiKey` (none without a key: the API then answers 401). */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

/** True for localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** `maxRetries`, checked: a number ≥ 0 (`Infinity` retries for ever). */
export function checkRetries(maxRetries: number): number {
  return checkNumber("maxRetries", maxRetries, 0);
}

/** `value`, if it is a number ≥ `min`; else a clear error naming the option. */
function checkNumber(name: string, value: number, min: number): number {
  if (!(value >= min)) throw new ApixoError(`${name} must be a number ≥ ${min}, not ${value}.`);
  return value;
}

/**
 * Returns `baseUrl` without a trailing slash. Refuses anything but `https://`, except `http://`
 * to a loopback host: the key must never cross a network in clear text.
 */
export function checkBaseUrl(baseUrl: string): string {
  const { protocol, hostname, origin } = URL.canParse(baseUrl)
    ? new URL(baseUrl)
    : ({} as Partial<URL>);
  if (!(protocol === "https:" || (protocol === "http:" && isLoopbackHost(hostname as string)))) {
    throw new ApixoError(
      `Refusing baseUrl ${origin}: use https:// (http:// only to loopback hosts).`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}
