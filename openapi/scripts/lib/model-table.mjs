// Derives the `models` table of @apixo-ts/openapi from the bundled document.
import { atPointer } from "./resolver.mjs";

const MODEL_PATH = /^\/api\/v1\/generateTask\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;

/** Returns a deep copy of `schema` with every internal $ref replaced by its target. */
export function dereference(schema, document, seen = []) {
  if (Array.isArray(schema)) return schema.map((item) => dereference(item, document, seen));
  if (schema === null || typeof schema !== "object") return schema;
  if (typeof schema.$ref === "string") {
    const { $ref, ...siblings } = schema;
    if (!$ref.startsWith("#/")) throw new Error(`External $ref left in the bundle: ${$ref}`);
    if (seen.includes($ref)) throw new Error(`Recursive schema cannot be dereferenced: ${$ref}`);
    const target = dereference(atPointer(document, $ref.slice(1), "the bundle"), document, [
      ...seen,
      $ref,
    ]);
    return { ...target, ...dereference(siblings, document, seen) };
  }
  const result = {};
  for (const [key, value] of Object.entries(schema)) {
    // A dereferenced schema has no components left to map to, and ajv rejects `mapping`:
    // with `propertyName` alone it reads each branch's `mode` const.
    result[key] =
      key === "discriminator"
        ? { propertyName: value.propertyName }
        : dereference(value, document, seen);
  }
  return result;
}

/** The values of `mode` an input schema accepts: from `oneOf` branches or a plain enum/const. */
export function modesOf(inputSchema) {
  const branches = inputSchema.oneOf ?? [inputSchema];
  const modes = [];
  for (const branch of branches) {
    const mode = branch.properties?.mode;
    if (mode === undefined) continue;
    if (mode.const !== undefined) modes.push(mode.const);
    for (const value of mode.enum ?? []) modes.push(value);
  }
  return [...new Set(modes)];
}

/** Finds the `input` schema inside a submit request body schema (plain object or allOf). */
function inputOf(bodySchema, where) {
  for (const part of [bodySchema, ...(bodySchema.allOf ?? [])]) {
    if (part.properties?.input !== undefined) return part.properties.input;
  }
  throw new Error(`${where}: request body has no "input" property`);
}

function requiredExtension(value, name, where) {
  if (value === undefined) throw new Error(`${where}: ${name} is missing`);
  return value;
}

function required(value, name, where) {
  if (value === undefined) throw new Error(`${where}: x-apixo-model.${name} is missing`);
  return value;
}

/** Builds the ModelInfo list (see dist/index.d.ts) from the bundled OpenAPI document. */
export function buildModelTable(document) {
  const models = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const match = MODEL_PATH.exec(path);
    const operation = item.post;
    if (!match || operation === undefined) continue;
    const where = `POST ${path}`;
    const meta = operation["x-apixo-model"];
    if (meta === undefined) throw new Error(`${where}: x-apixo-model is missing`);
    const bodySchema = dereference(
      operation.requestBody.content["application/json"].schema,
      document,
    );
    const inputSchema = inputOf(bodySchema, where);
    const info = {
      id: match[1],
      kind: required(meta.kind, "kind", where),
      title: required(meta.title, "title", where),
      modes: modesOf(inputSchema),
      polling: { ...requiredExtension(operation["x-apixo-polling"], "x-apixo-polling", where) },
      durationMs: { ...required(meta.durationMs, "durationMs", where) },
      price: { usd: meta.price?.usd, per: meta.price?.per },
      outputs: { ...required(meta.outputs, "outputs", where) },
      inputSchema,
      path,
    };
    required(meta.price, "price", where);
    if (meta.providers !== undefined) info.providers = [...meta.providers];
    models.push(info);
  }
  return models;
}
