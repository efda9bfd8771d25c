import { usageError } from "./cli-error.js";

/** How a flag takes its value. `list` flags may repeat; every occurrence is kept. */
export type FlagArity = "boolean" | "value" | "list";

/** The result of tokenising argv: positionals in order, and each flag's raw occurrences. */
export interface ParsedArgv {
  positionals: string[];
  /** Flag name (without dashes) → every raw value given, in order (`"true"`/`"false"` for booleans). */
  flags: Map<string, string[]>;
}

/** Short aliases understood everywhere. */
const shortFlags: Record<string, string> = { h: "help", V: "version", q: "quiet", v: "verbose" };

/**
 * Splits argv into positionals and flags: `--name value`, `--name=value`, `--no-name`, `--` ends
 * flags. `arityOf` says which flags are booleans (never take the next token, except a literal
 * `true`/`false`); a flag it does not know takes the next token when that token is not a flag,
 * so that the command and model id can be found before the model's flags are known.
 */
export function parseArgv(
  argv: readonly string[],
  arityOf: (name: string) => FlagArity | undefined,
): ParsedArgv {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const values = flags.get(name) ?? [];
    values.push(value);
    flags.set(name, values);
  };
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (/^-[A-Za-z]$/.test(token)) {
      const name = shortFlags[token.slice(1)];
      if (!name) throw usageError(`unknown option ${token}`, ["run `apixo --help` for usage"]);
      add(name, "true");
      continue;
    }
    if (!token.startsWith("--") || token === "-") {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf("=");
    const name = token.slice(2, equals === -1 ? undefined : equals);
    if (equals !== -1) {
      add(name, token.slice(equals + 1));
      continue;
    }
    const next = argv[index + 1];
    const arity = arityOf(name);
    if (arity === undefined && name.startsWith("no-") && arityOf(name.slice(3)) === "boolean") {
      add(name.slice(3), "false");
      continue;
    }
    if (arity === "boolean") {
      if (next === "true" || next === "false") {
        add(name, next);
        index++;
      } else add(name, "true");
      continue;
    }
    // A value never starts with `--` (write `--prompt=--odd` for that): `--save --json` is a mistake.
    if (next !== undefined && !next.startsWith("--")) {
      add(name, next);
      index++;
    } else if (arity === undefined) {
      add(name, "true");
    } else {
      throw usageError(`option --${name} needs a value`, [
        `for a value that starts with --, write --${name}=VALUE`,
      ]);
    }
  }
  return { positionals, flags };
}

/** The last value given for a flag (later occurrences win), or `undefined`. */
export function lastFlag(parsed: ParsedArgv, name: string): string | undefined {
  return parsed.flags.get(name)?.at(-1);
}

/** Whether a boolean flag is on (`--name`, `--name=true`; `--no-name` turns it off). */
export function flagIsOn(parsed: ParsedArgv, name: string): boolean {
  const value = lastFlag(parsed, name);
  return value !== undefined && value !== "false" && value !== "0";
}
