import { redactText } from "./internal/redact.js";

/** Where the client writes its log lines; `console` fits. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Minimum level written; `silent` writes nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Fields appended to a log line as `key=value` (a task's lines always carry `taskId`). */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Writes one line at a level; internal to the client. */
export type Log = (level: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => void;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** True for the five level names (used to read `APIXO_LOG`). */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/**
 * Makes the client's log function: lines below `level` are dropped, and the API key (and any
 * `Bearer` token) is redacted from every line.
 */
export function createLog(logger: Logger, level: LogLevel, secret: string | undefined): Log {
  return (lineLevel, message, fields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    let line = `[apixo] ${message}`;
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== undefined) line += ` ${key}=${value}`;
    }
    logger[lineLevel](redactText(line, secret));
  };
}
