import type { CliInput } from "../io.js";
import { type FlagArity, flagIsOn, lastFlag, type ParsedArgv, parseArgv } from "./argv.js";
import { CliError, usageError } from "./cli-error.js";
import { type CommandContext, type CommandEntry, definedArity, globalFlags } from "./command.js";
import { findModel, loadModels, type ModelInfo, providerValues } from "./contract.js";
import { didYouMean } from "./did-you-mean.js";
import { inputFromFlags } from "./input-flags.js";
import { type InputShape, inputShapeOf } from "./input-shape.js";
import { readInputOption } from "./input-source.js";
import { renderModelHelp } from "./model-help.js";
import { validateInput } from "./validate-input.js";

/** A checked request, ready to submit. */
export interface Submission {
  modelId: string;
  /** The contract's entry; `undefined` for a model id the contract does not know. */
  model?: ModelInfo;
  input: Record<string, unknown>;
  provider?: string;
  /** The whole command line, parsed again with the model's flag types. */
  args: ParsedArgv;
}

function arityOf(shape: InputShape | undefined, command: CommandEntry) {
  return (name: string): FlagArity | undefined => {
    const fixed = definedArity(name, command.flags);
    if (fixed) return fixed;
    const field = shape?.fields.find(
      (entry) => entry.flag === name || entry.aliases.includes(name),
    );
    if (!field) return undefined;
    return field.type === "boolean" ? "boolean" : field.type === "array" ? "list" : "value";
  };
}

/**
 * Reads `<model> [input flags]` into a checked input: flags typed by the model's schema, merged
 * over `--input`, validated with ajv against the mode's branch. Every problem is a usage error
 * (exit 2) thrown before any request. Returns `undefined` after printing the model's help.
 */
export async function prepareSubmission(
  context: CommandContext,
  command: CommandEntry,
): Promise<Submission | undefined> {
  const { io, output } = context;
  const modelId = context.args.positionals[0];
  if (!modelId)
    throw usageError("missing <model>", [`usage: ${command.usage}`, "list them: apixo models"]);
  const model = await findModel(modelId);
  const shape = model ? inputShapeOf(model.inputSchema) : undefined;
  const args = parseArgv(context.argv, arityOf(shape, command));
  const positionals = args.positionals.slice(1); // drop the command name
  if (positionals.length > 1) {
    const stray = positionals[1] as string;
    // `--sound maybe`: the token before the stray value is a switch of this model.
    const before = context.argv[context.argv.indexOf(stray) - 1] ?? "";
    const field = shape?.fields.find((entry) => `--${entry.flag}` === before);
    throw usageError(
      `unexpected argument "${stray}"`,
      field?.type === "boolean"
        ? [`${before} is a switch: ${before}, ${before}=false or --no-${field.flag}`]
        : ['quote values that contain spaces: --prompt "a red fox"'],
    );
  }
  if (model && flagIsOn(args, "help")) {
    io.stdout.write(renderModelHelp(model, output.outStyle));
    return undefined;
  }

  const isCommandFlag = (name: string): boolean => definedArity(name, command.flags) !== undefined;
  const fromFlags = inputFromFlags(shape?.fields ?? [], args.flags, isCommandFlag);
  const inputOption = lastFlag(args, "input");
  if (!model) {
    const suggestion = didYouMean(
      modelId,
      (await loadModels()).map((entry) => entry.id),
    );
    const hint = suggestion ? `did you mean ${suggestion}?` : "list the known models: apixo models";
    if (inputOption === undefined || fromFlags.unknown.length > 0) {
      throw usageError(`"${modelId}" is not a model of the contract, so its flags are unknown`, [
        hint,
        `pass the whole input as JSON: apixo ${command.name} ${modelId} --input '{"prompt":"..."}'`,
      ]);
    }
    output.warn(`"${modelId}" is not in the contract: its input is sent unchecked (${hint})`);
  } else if (fromFlags.unknown.length > 0) {
    const name = fromFlags.unknown[0] as string;
    const candidates = [
      ...(shape?.fields.flatMap((field) => [field.flag, ...field.aliases]) ?? []),
      ...Object.keys(command.flags),
      ...Object.keys(globalFlags),
    ];
    const suggestion = didYouMean(name, candidates);
    throw usageError(`unknown flag --${name} for ${modelId}`, [
      suggestion ? `did you mean --${suggestion}?` : `see the flags: apixo models ${modelId}`,
    ]);
  }

  const base =
    inputOption === undefined ? {} : await readInputOption(inputOption, io.cwd, io.stdin);
  let input: Record<string, unknown> = { ...base, ...fromFlags.input };
  if (model && shape) {
    const checked = withStdinHint(
      () => validateInput(shape, input),
      inputOption === undefined && Object.keys(fromFlags.input).length === 0 ? io.stdin : undefined,
    );
    input = checked.input;
    if (checked.inferredMode) {
      output.info(
        output.style.dim(
          `mode: ${checked.inferredMode} (chosen from the input; pass --mode to pick another)`,
        ),
      );
    }
  } else if (Object.keys(input).length === 0) {
    throw usageError("no input given", ["pass --input '{...}'", ...stdinHint(io.stdin)]);
  }

  let provider = lastFlag(args, "provider");
  if (provider !== undefined) {
    const allowed = model?.providers ?? (await providerValues());
    if (allowed.length > 0 && !allowed.includes(provider)) {
      const suggestion = didYouMean(provider, allowed);
      throw usageError(
        `--provider ${provider} is not accepted by ${modelId}: use ${allowed.join(", ")}`,
        suggestion ? [`did you mean --provider ${suggestion}?`] : [],
      );
    }
  } else if (model?.providers) {
    provider = model.providers[0]; // the model accepts only these: pick for the user
  }
  return {
    modelId,
    ...(model ? { model } : {}),
    input,
    ...(provider !== undefined ? { provider } : {}),
    args,
  };
}

/** Stdin is read only for `--input -`; when JSON is piped in without it, say so. */
function stdinHint(stdin: CliInput | undefined): string[] {
  return stdin && !stdin.isTTY
    ? ["stdin is only read with --input -: `cat input.json | apixo run <model> --input -`"]
    : [];
}

/** Runs `check`; an input error it throws gains {@link stdinHint} when `stdin` may hold the input. */
function withStdinHint<T>(check: () => T, stdin: CliInput | undefined): T {
  try {
    return check();
  } catch (error) {
    const hints = stdinHint(stdin);
    if (error instanceof CliError && hints.length > 0) {
      throw new CliError(error.message, error.exitCode, [...error.hints, ...hints]);
    }
    throw error;
  }
}
