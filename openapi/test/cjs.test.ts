import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as esm from "../dist/index.js";

const require = createRequire(import.meta.url);

describe("the CommonJS entry (dist/index.cjs)", () => {
  const cjs = require("../dist/index.cjs") as typeof esm;

  it("exports contract, models and getModel like the ESM entry", () => {
    expect(Object.keys(cjs).sort()).toEqual(["contract", "getModel", "models"]);
    expect(cjs.contract).toEqual(esm.contract);
    expect(cjs.models).toEqual(esm.models);
  });

  it("looks models up and freezes its data", () => {
    expect(cjs.getModel("sora-2")?.providers).toEqual(["official"]);
    expect(cjs.getModel("no-such-model")).toBeUndefined();
    expect(Object.isFrozen(cjs.models[0]?.polling)).toBe(true);
  });

  it("resolves through the package exports map under require", () => {
    const resolved = require.resolve("@apixo-ts/openapi");
    expect(resolved.endsWith("dist/index.cjs")).toBe(true);
  });
});
