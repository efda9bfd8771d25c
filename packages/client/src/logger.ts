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

const RANK = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Makes the client's log function: lines below `level` are dropped (an unknown level, like
 * `silent`, drops all), and the API key (and any `Bearer` token) is redacted from every line.
 */
export function createLog(logger: Logger, level: string, secret: string | undefined): Log {
  const min = (RANK as Record<string, number | undefined>)[level] ?? 4;
  return (lineLevel, message, fields) => {
    if (RANK[lineLevel] < min) return;
    let line = `[apixo] ${message}`;
    for (const key in fields) if (fields[key] !== undefined) line += ` ${key}=${fields[key]}`;
    logger[lineLevel](redactText(line, secret));
  };
}
