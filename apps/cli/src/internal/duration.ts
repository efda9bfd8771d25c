import { usageError } from "./cli-error.js";

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `--timeout` values: `90s`, `10m`, `1h`, `1500ms`; a bare number means seconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw usageError(`${flag} must be a duration like 90s, 10m or 1h, got "${value}"`);
  return Math.round(Number(match[1]) * (units[match[2] ?? "s"] as number));
}

/** Formats milliseconds for a person: `850ms`, `4.2s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

/** Formats an expected range: `10–15s`, `2–5m`. */
export function formatRange(min: number, max: number): string {
  if (max < 60_000) {
    const low = min < 1000 ? (min / 1000).toFixed(1) : String(Math.round(min / 1000));
    const high = max < 1000 ? (max / 1000).toFixed(1) : String(Math.round(max / 1000));
    return `${low}–${high}s`;
  }
  return `${formatDuration(min)}–${formatDuration(max)}`;
}
