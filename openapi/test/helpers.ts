import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { dereference } from "../scripts/lib/model-table.mjs";

/** The validator setup the emulator uses: JSON Schema 2020-12, discriminator, formats, strict. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ discriminator: true, strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** A schema of the bundled document with every internal $ref replaced by its target. */
export function selfContained(schema: unknown, document: unknown): Record<string, unknown> {
  return dereference(schema, document) as Record<string, unknown>;
}

/** One example found in the document, with the schema it must satisfy. */
export interface FoundExample {
  where: string;
  schema: unknown;
  value: unknown;
}

type Json = Record<string, unknown>;

function follow(node: Json, document: Json): Json {
  if (typeof node.$ref !== "string") return node;
  let target: unknown = document;
  for (const segment of node.$ref.slice(2).split("/")) target = (target as Json)[segment];
  return follow(target as Json, document);
}

function mediaExamples(content: Json | undefined, where: string, found: FoundExample[]): void {
  for (const [mediaType, media] of Object.entries(content ?? {}) as [string, Json][]) {
    for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
      found.push({
        where: `${where} ${mediaType} ${name}`,
        schema: media.schema,
        value: (example as Json).value,
      });
    }
  }
}

/** Collects every request, response and parameter example of every operation and webhook. */
export function collectExamples(document: Json): FoundExample[] {
  const found: FoundExample[] = [];
  const items = [
    ...Object.entries(document.paths as Json),
    ...Object.entries(document.webhooks as Json).map(
      ([name, item]) => [`webhook ${name}`, item] as const,
    ),
  ];
  for (const [path, rawItem] of items) {
    const item = follow(rawItem as Json, document);
    for (const [method, operation] of Object.entries(item) as [string, Json][]) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const rawParameter of (operation.parameters ?? []) as Json[]) {
        const parameter = follow(rawParameter, document);
        if (parameter.example !== undefined) {
          found.push({
            where: `${where} parameter ${parameter.name}`,
            schema: parameter.schema,
            value: parameter.example,
          });
        }
      }
      const body = operation.requestBody as Json | undefined;
      if (body !== undefined)
        mediaExamples(follow(body, document).content as Json, `${where} request`, found);
      for (const [status, rawResponse] of Object.entries((operation.responses ?? {}) as Json)) {
        const response = follow(rawResponse as Json, document);
        mediaExamples(response.content as Json | undefined, `${where} ${status}`, found);
      }
    }
  }
  return found;
}
