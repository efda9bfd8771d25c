import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliInput } from "../io.js";
import { usageError } from "./cli-error.js";

async function readAll(stream: CliInput): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

function parseInputJson(text: string, origin: string): Record<string, unknown> {
  let value: unknown;
  try {
    // A file saved with a UTF-8 byte order mark (Windows editors) is still plain JSON.
    value = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    throw usageError(`--input ${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw usageError(`--input ${origin} must be a JSON object (the model's whole input)`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the `--input` value: inline JSON (`'{"prompt":"..."}'`), a file (`@input.json`, relative
 * to `cwd`), or stdin (`-`). Stdin is read only when asked for with `-`, so a CI job whose stdin is
 * an open pipe never hangs.
 */
export async function readInputOption(
  value: string,
  cwd: string,
  stdin: CliInput | undefined,
): Promise<Record<string, unknown>> {
  if (value === "-") {
    if (!stdin) throw usageError("--input - reads stdin, but no stdin is available");
    if (stdin.isTTY) {
      throw usageError("--input - reads JSON from stdin, but stdin is a terminal", [
        "pipe the input in: `cat input.json | apixo run <model> --input -`",
      ]);
    }
    return parseInputJson(await readAll(stdin), "-");
  }
  if (value.startsWith("@")) {
    const path = resolve(cwd, value.slice(1));
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw usageError(
        `cannot read --input file ${path}: ${(error as NodeJS.ErrnoException).code}`,
      );
    }
    return parseInputJson(text, value);
  }
  return parseInputJson(value, "(inline)");
}
