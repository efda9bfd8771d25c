import { readFile } from "node:fs/promises";
import { CliError, usageError } from "./cli-error.js";
import { findModel, type ModelInfo } from "./contract.js";
import { inputShapeOf } from "./input-shape.js";
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
}

const SHAPE_HINT = 'each line is one task: {"model": "nano-banana", "input": {"prompt": "..."}}';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a JSONL batch file: one `{ "model", "input", "provider"? }` object per line (blank lines
 * skipped). Every line is checked against its model's schema before anything is sent; the first
 * problem is a usage error (exit 2) that names the line.
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
  const lines: BatchLine[] = [];
  for (const [offset, raw] of text.split("\n").entries()) {
    const line = offset + 1;
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw usageError(`line ${line} of ${path} is not JSON`, [SHAPE_HINT]);
    }
    if (
      !isRecord(value) ||
      typeof value.model !== "string" ||
      value.model === "" ||
      !isRecord(value.input)
    ) {
      throw usageError(
        `line ${line}: expected an object with "model" (string) and "input" (object)`,
        [SHAPE_HINT],
      );
    }
    if (value.provider !== undefined && typeof value.provider !== "string") {
      throw usageError(`line ${line}: "provider" must be a string`);
    }
    lines.push(await checkLine(line, value.model, value.input, value.provider, warn));
  }
  if (lines.length === 0) throw usageError(`${path} has no tasks`, [SHAPE_HINT]);
  return lines;
}

async function checkLine(
  line: number,
  modelId: string,
  rawInput: Record<string, unknown>,
  rawProvider: string | undefined,
  warn: (message: string) => void,
): Promise<BatchLine> {
  const model = await findModel(modelId);
  if (!model) {
    warn(`line ${line}: "${modelId}" is not a model of the contract: its input is sent unchecked`);
    return {
      line,
      modelId,
      input: rawInput,
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
  return { line, modelId, model, input, ...(provider !== undefined ? { provider } : {}) };
}
