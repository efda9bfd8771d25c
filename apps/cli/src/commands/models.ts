import { usageError } from "../internal/cli-error.js";
import type { CommandContext } from "../internal/command.js";
import { assertKnownFlags } from "../internal/command-args.js";
import { loadModels } from "../internal/contract.js";
import { didYouMean } from "../internal/did-you-mean.js";
import { ExitCode } from "../internal/exit-codes.js";
import { inputShapeOf } from "../internal/input-shape.js";
import { renderModelHelp } from "../internal/model-help.js";

/** `apixo models [<model>]`: the contract's models, or every input field of one, per mode. */
export async function execute(context: CommandContext): Promise<number> {
  const { args, output } = context;
  assertKnownFlags(args, []);
  if (args.positionals.length > 1) throw usageError(`unexpected argument "${args.positionals[1]}"`);
  const models = await loadModels();
  const id = args.positionals[0];
  if (id === undefined) {
    output.json({
      ok: true,
      models: models.map(({ id, kind, title, modes }) => ({ id, kind, title, modes })),
    });
    const width = Math.max(...models.map((model) => model.id.length));
    for (const model of models) {
      output.result(
        `${output.outStyle.bold(model.id.padEnd(width))}  ${model.kind.padEnd(5)}  ${model.modes.join(", ") || output.outStyle.dim("(no modes)")}`,
      );
    }
    output.info(output.style.dim("every field of a model: apixo models <model>"));
    return ExitCode.ok;
  }
  const model = models.find((entry) => entry.id === id);
  if (!model) {
    const suggestion = didYouMean(
      id,
      models.map((entry) => entry.id),
    );
    throw usageError(`"${id}" is not a model of the contract`, [
      suggestion ? `did you mean ${suggestion}?` : "list them: apixo models",
    ]);
  }
  const shape = inputShapeOf(model.inputSchema);
  output.json({
    ok: true,
    model,
    variants: shape.variants.map(({ modes, fields }) => ({ modes, fields })),
  });
  if (!output.options.json) context.io.stdout.write(renderModelHelp(model, output.outStyle));
  return ExitCode.ok;
}
