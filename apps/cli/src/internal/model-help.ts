import type { ModelInfo } from "./contract.js";
import { formatRange } from "./duration.js";
import { type InputField, inputShapeOf } from "./input-shape.js";
import type { Style } from "./output.js";

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const limitText: [string, string, string][] = [
  ["minLength", "maxLength", "length"],
  ["minimum", "maximum", "value"],
  ["exclusiveMinimum", "exclusiveMaximum", "value (exclusive)"],
  ["minItems", "maxItems", "items"],
];

/** A field's constraints in words: `length 1–5000`, `items ≤ 5`, `one of: ...`, `default 1:1`. */
export function describeConstraints(field: InputField): string[] {
  const parts: string[] = [];
  if (field.values) parts.push(`one of: ${field.values.map(show).join(", ")}`);
  for (const [low, high, what] of limitText) {
    const min = field.limits[low];
    const max = field.limits[high];
    if (min !== undefined && max !== undefined) parts.push(`${what} ${min}–${max}`);
    else if (min !== undefined) parts.push(`${what} ≥ ${min}`);
    else if (max !== undefined) parts.push(`${what} ≤ ${max}`);
  }
  if (field.default !== undefined) parts.push(`default ${show(field.default)}`);
  return parts;
}

/** A schema description on one line, shortened to what a help screen can hold. */
function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function typeLabel(field: InputField): string {
  if (field.type === "array") return `${field.itemType ?? "value"}…  (repeat the flag)`;
  if (field.type === "boolean") return "switch (--no-… to turn off)";
  return field.type;
}

function fieldLines(field: InputField, style: Style): string[] {
  const flag = `--${field.flag}${field.aliases.length > 0 ? ` (--${field.aliases.join(", --")})` : ""}`;
  const head = `  ${style.bold(flag)}  ${typeLabel(field)}${field.required ? style.yellow("  required") : ""}${field.flag !== field.field ? style.dim(`  input.${field.field}`) : ""}`;
  const lines = [head];
  const constraints = describeConstraints(field);
  if (constraints.length > 0) lines.push(`      ${constraints.join("; ")}`);
  if (field.description) lines.push(style.dim(`      ${oneLine(field.description)}`));
  return lines;
}

/**
 * The full description of a model for a person: kind, expected time, polling, price, then every
 * input field — per mode when the model's schema has modes — with type, allowed values, default
 * and limits, all read from the contract.
 */
export function renderModelHelp(model: ModelInfo, style: Style): string {
  const shape = inputShapeOf(model.inputSchema);
  const lines = [
    `${style.bold(model.id)} — ${model.title} (${model.kind})`,
    `  runs ${formatRange(model.durationMs.min, model.durationMs.max)}; first status check after ${model.polling.initialDelayMs / 1000}s, gives up after ${model.polling.timeoutMs / 1000}s`,
    `  price $${model.price.usd} per ${model.price.per}; ${model.outputs.count} output(s)${model.outputs.countField ? ` (set by input.${model.outputs.countField})` : ""}`,
  ];
  if (model.providers) lines.push(`  providers: ${model.providers.join(", ")}`);
  lines.push(
    `  usage: apixo run ${model.id}${model.modes.length > 0 ? " --mode MODE" : ""} [flags]`,
  );
  for (const variant of shape.variants) {
    lines.push("");
    lines.push(
      variant.modes.length > 0
        ? style.cyan(`--mode ${variant.modes.join(" | ")}`)
        : style.cyan("Input flags"),
    );
    for (const field of variant.fields) {
      if (field.field === "mode" && variant.modes.length > 0) continue;
      lines.push(...fieldLines(field, style));
    }
  }
  lines.push("");
  lines.push(
    style.dim("Or pass the whole input as JSON: --input '{...}', --input @input.json, --input -"),
  );
  return `${lines.join("\n")}\n`;
}
