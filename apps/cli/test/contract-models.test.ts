import { contract, models } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { commands } from "../src/commands/registry.js";
import { parseArgv } from "../src/internal/argv.js";
import { globalFlags } from "../src/internal/command.js";
import { inputFromFlags } from "../src/internal/input-flags.js";
import { type InputField, inputShapeOf } from "../src/internal/input-shape.js";
import { renderModelHelp } from "../src/internal/model-help.js";
import { validateInput } from "../src/internal/validate-input.js";

type Example = { value?: { input?: Record<string, unknown> } };

/** The request examples the contract publishes for a model's submit operation. */
function examplesOf(path: string): [string, Record<string, unknown>][] {
  const paths = contract.paths as Record<
    string,
    {
      post?: { requestBody?: { content?: Record<string, { examples?: Record<string, Example> }> } };
    }
  >;
  const examples = paths[path]?.post?.requestBody?.content?.["application/json"]?.examples ?? {};
  return Object.entries(examples).flatMap(([name, example]) =>
    example.value?.input ? [[name, example.value.input] as [string, Record<string, unknown>]] : [],
  );
}

/** Writes an input as the flags a person would type. */
function toArgv(fields: readonly InputField[], input: Record<string, unknown>): string[] {
  return Object.entries(input).flatMap(([name, value]) => {
    const field = fields.find((entry) => entry.field === name);
    if (!field) throw new Error(`no flag for input.${name}`);
    if (Array.isArray(value))
      return value.flatMap((item) => [
        `--${field.flag}`,
        typeof item === "string" ? item : JSON.stringify(item),
      ]);
    if (typeof value === "boolean") return [value ? `--${field.flag}` : `--no-${field.flag}`];
    return [`--${field.flag}`, typeof value === "string" ? value : JSON.stringify(value)];
  });
}

// Flags of the commands that take model inputs: a field must not hide behind one of them.
const commandFlagNames = new Set([
  ...Object.keys(globalFlags),
  ...commands
    .filter((command) => command.name === "run" || command.name === "submit")
    .flatMap((command) => Object.keys(command.flags)),
]);

describe.each(models.map((model) => [model.id, model] as const))("%s", (_id, model) => {
  const shape = inputShapeOf(model.inputSchema);

  it("has one flag per field, none taken by the CLI itself", () => {
    const names = shape.fields.flatMap((field) => [field.flag, ...field.aliases]);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => commandFlagNames.has(name))).toEqual([]);
    if (model.modes.length > 0)
      expect(shape.variants.flatMap((variant) => variant.modes).sort()).toEqual(
        [...model.modes].sort(),
      );
  });

  it("renders every field in its help", () => {
    const style = new Proxy({}, { get: () => (text: string) => text }) as never;
    const help = renderModelHelp(model, style);
    for (const field of shape.fields)
      if (field.field !== "mode") expect(help).toContain(`--${field.flag}`);
  });

  it("publishes request examples", () => {
    expect(examplesOf(model.path).length).toBeGreaterThan(0);
  });

  it.each(examplesOf(model.path))(
    "example %s round-trips through flags and validates",
    (_name, input) => {
      const argv = toArgv(shape.fields, input);
      const arity = (name: string) => {
        const field = shape.fields.find(
          (entry) => entry.flag === name || entry.aliases.includes(name),
        );
        return field?.type === "boolean" ? "boolean" : field ? "value" : undefined;
      };
      const parsed = inputFromFlags(
        shape.fields,
        parseArgv(argv, arity as never).flags,
        () => false,
      );
      expect(parsed.unknown).toEqual([]);
      expect(parsed.input).toEqual(input);
      expect(validateInput(shape, parsed.input).input).toEqual(input);
    },
  );
});
