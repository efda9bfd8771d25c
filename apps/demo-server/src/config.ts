import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The demo server's settings, resolved once from the environment. */
export interface DemoConfig {
  /** `PORT`. @default 3000 */
  port: number;
  /** `HOST`. @default "127.0.0.1" */
  host: string;
  /** `DATA_DIR`: database, callback secret and outputs. @default "<package>/data" */
  dataDir: string;
  /** `PUBLIC_URL`: the base APIXO's callbacks reach this server at. @default "http://<host>:<port>" */
  publicUrl?: string;
  /** `APIXO_API_KEY`; without it the emulator runs in-process as the upstream. */
  apiKey?: string;
  /** `APIXO_BASE_URL`: the upstream's base URL. @default the client's (https://api.apixo.ai) */
  baseUrl?: string;
  /** `CALLBACK_SECRET`; without it one is generated and kept in `DATA_DIR/callback-secret`. */
  callbackSecret?: string;
  /**
   * `TIME_SCALE`: multiplies model run times, for the built-in emulator and the reconciler's idea of
   * when a callback is overdue (set it to an external emulator's time scale).
   * @default 0.05 with the built-in emulator, otherwise 1
   */
  timeScale: number;
}

/** Default settings; each one is overridden by the environment variable its TSDoc names. */
export const DEFAULTS = {
  port: 3000,
  host: "127.0.0.1",
  dataDir: fileURLToPath(new URL("../data/", import.meta.url)),
  emulatorTimeScale: 0.05,
} as const;

/** Raised for an environment variable with an unusable value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative number, got ${JSON.stringify(raw)}.`);
  return value;
}

const nonEmpty = (value: string | undefined) => (value ? value : undefined);

/** Reads the configuration from `env` (explicit variable > default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const apiKey = nonEmpty(env.APIXO_API_KEY);
  const port = positiveNumber(env, "PORT") ?? DEFAULTS.port;
  if (!Number.isInteger(port) || port > 65_535)
    throw new ConfigError(`PORT must be an integer 0-65535, got ${port}.`);
  const config: DemoConfig = {
    port,
    host: nonEmpty(env.HOST) ?? DEFAULTS.host,
    dataDir: resolve(nonEmpty(env.DATA_DIR) ?? DEFAULTS.dataDir),
    timeScale: positiveNumber(env, "TIME_SCALE") ?? (apiKey ? 1 : DEFAULTS.emulatorTimeScale),
  };
  const publicUrl = nonEmpty(env.PUBLIC_URL);
  if (publicUrl) {
    const protocol = new URL(publicUrl).protocol;
    if (protocol !== "http:" && protocol !== "https:")
      throw new ConfigError("PUBLIC_URL must be an http(s) URL.");
    config.publicUrl = publicUrl.replace(/\/+$/, "");
  }
  if (apiKey) config.apiKey = apiKey;
  const baseUrl = nonEmpty(env.APIXO_BASE_URL);
  if (baseUrl) config.baseUrl = baseUrl;
  const secret = nonEmpty(env.CALLBACK_SECRET);
  if (secret) {
    if (secret.length < 16)
      throw new ConfigError("CALLBACK_SECRET must be at least 16 characters.");
    config.callbackSecret = secret;
  }
  return config;
}
