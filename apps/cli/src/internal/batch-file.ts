import { readFile } from "node:fs/promises";
import { CliError, usageError } from "./cli-error.js";
import { findModel, type ModelInfo } from "./contract.js";
import { inputShapeOf } from "./input-shape.js";
import { lineHash } from "./line-hash.js";
import { validateInput } from "./validate-input.js";

/** One task of a batch file, checked against the contract. */
export interface BatchLine {
  /** 1-based line number in the file, for messages. */
  line: number;
  modelId: string;
  /** The contract's entry; `undefined` for a model the contract does not know. */
  model?: ModelInfo;
  input: Record<string, unknown>;
  provider?: string;
  /** {@link lineHash} of the line's model, input and provider as written: what a resume matches on. */
  hash: string;
}

const SHAPE_HINT = 'each line is one task: {"model": "nano-banana", "input": {"prompt": "..."}}';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a JSONL batch file: one `{ "model", "input", "provider"? }` object per line (blank lines
 * skipped, a UTF-8 byte order mark ignored). Every line is checked against its model's schema
 * before anything is sent; every bad line is reported at once, by number, in one usage error
 * (exit 2).
 */
export async function readBatchFile(
  path: string,
  warn: (message: string) => void,
): Promise<BatchLine[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw usageError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const lines: BatchLine[] = [];
  const problems: CliError[] = [];
  for (const [offset, raw] of text.split("\n").entries()) {
    if (raw.trim() === "") continue;
    try {
      lines.push(await parseLine(offset + 1, raw, warn));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length > 0) throw badLines(path, problems);
  if (lines.length === 0) throw usageError(`${path} has no tasks`, [SHAPE_HINT]);
  return lines;
}

/** One usage error naming every bad line, each with its own hints indented below it. */
function badLines(path: string, problems: readonly CliError[]): CliError {
  const [only] = problems;
  if (problems.length === 1 && only) {
    return usageError(`${only.message} (in ${path}; nothing was sent)`, [
      ...only.hints,
      SHAPE_HINT,
    ]);
  }
  return usageError(`${problems.length} bad lines in ${path}; nothing was sent`, [
    ...problems.flatMap((problem) => [
      problem.message,
      ...problem.hints.map((hint) => `  ${hint}`),
    ]),
    SHAPE_HINT,
  ]);
}

async function parseLine(
  line: number,
  raw: string,
  warn: (message: string) => void,
): Promise<BatchLine> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw usageError(`line ${line}: not JSON (${(error as Error).message})`);
  }
  if (
    !isRecord(value) ||
    typeof value.model !== "string" ||
    value.model === "" ||
    !isRecord(value.input)
  ) {
    throw usageError(`line ${line}: expected an object with "model" (string) and "input" (object)`);
  }
  if (value.provider !== undefined && typeof value.provider !== "string") {
    throw usageError(`line ${line}: "provider" must be a string`);
  }
  return checkLine(line, value.model, value.input, value.provider, warn);
}

async function checkLine(
  line: number,
  modelId: string,
  rawInput: Record<string, unknown>,
  rawProvider: string | undefined,
  warn: (message: string) => void,
): Promise<BatchLine> {
  // As written: a provider the contract fills in is not part of what the user asked for.
  const hash = lineHash({
    model: modelId,
    input: rawInput,
    ...(rawProvider !== undefined ? { provider: rawProvider } : {}),
  });
  const model = await findModel(modelId);
  if (!model) {
    warn(`line ${line}: "${modelId}" is not a model of the contract: its input is sent unchecked`);
    return {
      line,
      modelId,
      input: rawInput,
      hash,
      ...(rawProvider !== undefined ? { provider: rawProvider } : {}),
    };
  }
  let input: Record<string, unknown>;
  try {
    input = validateInput(inputShapeOf(model.inputSchema), rawInput).input;
  } catch (error) {
    if (error instanceof CliError)
      throw usageError(`line ${line} (${modelId}): ${error.message}`, error.hints);
    throw error;
  }
  let provider = rawProvider;
  if (model.providers) {
    if (provider === undefined) provider = model.providers[0];
    else if (!model.providers.includes(provider)) {
      throw usageError(
        `line ${line}: provider "${provider}" is not accepted by ${modelId}: use ${model.providers.join(" or ")}`,
      );
    }
  }
  return { line, modelId, model, input, hash, ...(provider !== undefined ? { provider } : {}) };
}
