import { flagIsOn, lastFlag, type ParsedArgv } from "./argv.js";
import { usageError } from "./cli-error.js";
import { type CommandContext, globalFlags } from "./command.js";
import { didYouMean } from "./did-you-mean.js";
import { Journal, journalPath } from "./journal.js";
import type { SessionOptions } from "./session.js";

/** Refuses a flag that is neither global nor in `allowed`, suggesting the nearest known one. */
export function assertKnownFlags(args: ParsedArgv, allowed: readonly string[]): void {
  const known = [...Object.keys(globalFlags), ...allowed];
  for (const name of args.flags.keys()) {
    if (known.includes(name)) continue;
    const suggestion = didYouMean(name, known);
    throw usageError(`unknown flag --${name}`, [
      suggestion ? `did you mean --${suggestion}?` : "see `apixo <command> --help` for the flags",
    ]);
  }
}

/** The positional arguments a command needs, by name; refuses missing or extra ones. */
export function takePositionals(
  args: ParsedArgv,
  names: readonly string[],
  usage: string,
): string[] {
  const values = args.positionals;
  if (values.length < names.length) {
    throw usageError(`missing <${names[values.length]}>`, [`usage: ${usage}`]);
  }
  if (values.length > names.length) {
    throw usageError(`unexpected argument "${values[names.length]}"`, [`usage: ${usage}`]);
  }
  return values.slice();
}

/** A positive number flag, or `undefined` when absent. */
export function numberFlag(args: ParsedArgv, name: string): number | undefined {
  const raw = lastFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw usageError(`--${name} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

/** Connection settings from the global flags. */
export function sessionOptions(args: ParsedArgv): SessionOptions {
  const timeScale = numberFlag(args, "time-scale");
  if (timeScale === 0) throw usageError("--time-scale must be greater than 0");
  const apiKey = lastFlag(args, "api-key");
  const baseUrl = lastFlag(args, "base-url");
  return {
    emulator: flagIsOn(args, "emulator"),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}),
  };
}

/** The task journal this invocation reads and appends to. */
export function openJournal(context: CommandContext): Journal {
  return new Journal(
    journalPath(context.io.env, context.io.cwd, lastFlag(context.args, "journal")),
  );
}
