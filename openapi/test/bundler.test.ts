import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildModelTable, dereference, modesOf } from "../scripts/lib/model-table.mjs";
import { createBundler } from "../scripts/lib/resolver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: the test walks the untyped JSON the bundler returns
type Json = Record<string, any>;

function bundleMini(): Json {
  return createBundler(resolve(here, "fixtures/mini/root.yaml")).bundle() as Json;
}

describe("bundler", () => {
  const document = bundleMini();
  const operation = document.paths["/api/v1/generateTask/toy"].post;

  it("turns references to named components into internal $refs", () => {
    expect(operation.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Envelope",
    });
    // the component itself is inlined, and its own references are inlined too
    expect(document.components.schemas.Envelope.properties.nested).toEqual({ type: "string" });
  });

  it("registers PascalCase keys of model files as schemas and inlines _fields", () => {
    const input =
      operation.requestBody.content["application/json"].schema.allOf[0].properties.input;
    expect(input).toEqual({ $ref: "#/components/schemas/ToyInput" });
    expect(document.components.schemas.ToyInput.oneOf).toEqual([
      { $ref: "#/components/schemas/ToyOne" },
    ]);
    expect(document.components.schemas.ToyOne.properties.prompt).toEqual({
      type: "string",
      maxLength: 5,
    });
  });

  it("rewrites discriminator mappings to component references", () => {
    expect(document.components.schemas.ToyInput.discriminator).toEqual({
      propertyName: "mode",
      mapping: { one: "#/components/schemas/ToyOne" },
    });
  });

  it("inlines referenced root extensions", () => {
    expect(document["x-table"]).toEqual({ a: 1 });
  });
});

describe("model table", () => {
  it("builds ModelInfo with a dereferenced input schema and no mapping", () => {
    const [toy] = buildModelTable(bundleMini());
    expect(toy).toMatchObject({
      id: "toy",
      kind: "image",
      modes: ["one"],
      price: { usd: 0.01, per: "task" },
      path: "/api/v1/generateTask/toy",
    });
    expect(toy.price).not.toHaveProperty("estimate");
    expect(toy.inputSchema.discriminator).toEqual({ propertyName: "mode" });
    expect(JSON.stringify(toy.inputSchema)).not.toContain("$ref");
  });

  it("fails the build when x-apixo-model misses a field", () => {
    const document = bundleMini();
    delete document.paths["/api/v1/generateTask/toy"].post["x-apixo-polling"];
    expect(() => buildModelTable(document)).toThrow(/x-apixo-polling is missing/);
  });

  it("refuses recursive schemas", () => {
    const document = {
      components: { schemas: { A: { properties: { a: { $ref: "#/components/schemas/A" } } } } },
    };
    expect(() => dereference({ $ref: "#/components/schemas/A" }, document)).toThrow(/Recursive/);
  });

  it("reads modes from enums as well as branches", () => {
    expect(modesOf({ properties: { mode: { enum: ["pro", "max"] } } })).toEqual(["pro", "max"]);
    expect(modesOf({ properties: { prompt: { type: "string" } } })).toEqual([]);
  });
});
