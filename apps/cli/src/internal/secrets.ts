import type { CliOutput } from "../io.js";

/** The flag that carries the API key on the command line. */
const API_KEY_FLAG = "--api-key";

/** Keys shorter than this are not real keys (and would redact half the output). */
const MIN_SECRET_LENGTH = 4;

/**
 * Every API key this invocation knows: each `--api-key X` / `--api-key=X` of argv (flags stop at
 * `--`) and `APIXO_API_KEY`. Collected from the raw argv, so a key is known even when parsing the
 * rest of the command line fails.
 */
export function apiKeysOf(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): string[] {
  const keys: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") break;
    if (token === API_KEY_FLAG) {
      const value = argv[index + 1];
      if (value !== undefined && !value.startsWith("--")) keys.push(value);
    } else if (token.startsWith(`${API_KEY_FLAG}=`)) {
      keys.push(token.slice(API_KEY_FLAG.length + 1));
    }
  }
  const fromEnv = env.APIXO_API_KEY;
  if (fromEnv) keys.push(fromEnv);
  return keys.filter((key) => key.length >= MIN_SECRET_LENGTH);
}

/**
 * argv without its API key: `--api-key X` and `--api-key=X` are dropped, so the command can be
 * printed (a resume hint) without the secret. `removed` says whether the user must pass the key
 * again (or set `APIXO_API_KEY`) to run it.
 */
export function withoutApiKey(argv: readonly string[]): { argv: string[]; removed: boolean } {
  const kept: string[] = [];
  let removed = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === "--") {
      kept.push(...argv.slice(index));
      break;
    }
    if (token === API_KEY_FLAG) {
      removed = true;
      const value = argv[index + 1];
      if (value !== undefined && !value.startsWith("--")) index++;
    } else if (token.startsWith(`${API_KEY_FLAG}=`)) {
      removed = true;
    } else {
      kept.push(token);
    }
  }
  return { argv: kept, removed };
}

/** Replaces every occurrence of each secret in a text with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) redacted = redacted.split(secret).join("***");
  }
  return redacted;
}

/**
 * A stream that redacts the secrets from everything written to it: the last line of defence, so
 * that no message, hint, JSON document or progress line can echo the API key.
 */
export function redactingOutput(stream: CliOutput, secrets: readonly string[]): CliOutput {
  if (secrets.length === 0) return stream;
  return {
    write: (chunk: string) => stream.write(redactSecrets(chunk, secrets)),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  } as CliOutput;
}
