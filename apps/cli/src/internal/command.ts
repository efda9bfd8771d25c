import type { CliIo } from "../io.js";
import type { FlagArity, ParsedArgv } from "./argv.js";
import type { Output } from "./output.js";

/** Flags every command understands. */
export const globalFlags: Record<string, FlagArity> = {
  help: "boolean",
  version: "boolean",
  json: "boolean",
  quiet: "boolean",
  verbose: "boolean",
  color: "boolean",
  emulator: "boolean",
  "time-scale": "value",
  "base-url": "value",
  "api-key": "value",
  journal: "value",
};

/**
 * The arity of a flag a command (or every command) defines; `undefined` for any other name.
 * Own properties only: `--constructor` or `--__proto__` are unknown flags, not `Object` methods.
 */
export function definedArity(
  name: string,
  commandFlags: Record<string, { arity: FlagArity }> = {},
): FlagArity | undefined {
  if (Object.hasOwn(globalFlags, name)) return globalFlags[name];
  return Object.hasOwn(commandFlags, name) ? commandFlags[name]?.arity : undefined;
}

/** What a command receives from `main`. */
export interface CommandContext {
  io: CliIo;
  /** The arguments after the command name. */
  argv: readonly string[];
  /** The arguments parsed with the global flags and the command's own flags. */
  args: ParsedArgv;
  output: Output;
}

/** A command module, loaded with a dynamic `import()` only when its command runs. */
export interface CommandModule {
  /** Runs the command and returns its exit code; never calls `process.exit`. */
  execute(context: CommandContext): Promise<number>;
}

/** A command as `main` knows it before loading it: enough for `--help` and argv parsing. */
export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  /** The command's own flags (beyond the global ones), with a line of help and a value name each. */
  flags: Record<string, { arity: FlagArity; help: string; value?: string }>;
  /** Extra help text (examples). */
  details?: string;
  load(): Promise<CommandModule>;
}
