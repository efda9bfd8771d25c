import { describe, expect, it } from "vitest";
import apixoJson from "../dist/apixo.json" with { type: "json" };
import { contract, getModel, models } from "../dist/index.js";

const MODEL_IDS = [
  "nano-banana",
  "nano-banana-2",
  "nano-banana-pro",
  "gpt-image-1",
  "gpt-image-2",
  "flux-2",
  "flux-kontext",
  "midjourney",
  "seedream-4-5",
  "grok-image",
  "sora-2",
  "sora-2-pro",
  "veo-3-1",
  "seedance-2-0",
  "seedance-2-0-fast",
  "kling-2-6",
  "hailuo-2-3",
  "wan-2-6-video",
  "suno",
];

type Json = Record<string, unknown>;
const paths = contract.paths as Record<string, { post?: Json; get?: Json }>;

function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, refs);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

describe("bundled contract", () => {
  it("is the same document as dist/apixo.json", () => {
    expect(contract).toEqual(apixoJson);
  });

  it("is OpenAPI 3.1 with only internal $refs that resolve", () => {
    expect(contract.openapi).toBe("3.1.0");
    const refs = collectRefs(contract);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/"), ref).toBe(true);
      const [, , section, name] = ref.split("/");
      expect((contract.components as Record<string, Json>)[section]?.[name], ref).toBeDefined();
    }
  });

  it("has one POST path with x-apixo-model per model, plus the generic, status and balance paths", () => {
    const modelPaths = Object.keys(paths).filter((path) =>
      /^\/api\/v1\/generateTask\/[^{]+$/.test(path),
    );
    expect(modelPaths.map((path) => path.split("/").at(-1))).toEqual(MODEL_IDS);
    for (const path of modelPaths) expect(paths[path].post?.["x-apixo-model"], path).toBeDefined();
    expect(paths["/api/v1/generateTask/{model}"].post?.operationId).toBe("generateTask");
    expect(paths["/api/v1/statusTask/{model}"].get?.operationId).toBe("getTaskStatus");
    expect(paths["/api/v1/apikeys/current-balance"].get?.operationId).toBe("getCurrentBalance");
    expect((contract.webhooks as Json).taskCallback).toBeDefined();
  });

  it("answers every submit with the reusable error responses", () => {
    for (const [path, item] of Object.entries(paths)) {
      const operation = item.post ?? item.get;
      const statuses = Object.keys(operation?.responses as Json);
      const expected = path.includes("current-balance")
        ? ["200", "401", "429", "500", "503"]
        : path.includes("statusTask")
          ? ["200", "400", "401", "403", "404", "429", "500", "503"]
          : ["200", "400", "401", "402", "403", "404", "429", "500", "503"];
      expect(statuses, path).toEqual(expected);
    }
  });

  it("keeps every discriminator mapping in step with its oneOf branches", () => {
    const schemas = (contract.components as { schemas: Record<string, Json> }).schemas;
    const withDiscriminator = Object.entries(schemas).filter(([, schema]) => schema.discriminator);
    expect(withDiscriminator.length).toBeGreaterThanOrEqual(16);
    for (const [name, schema] of withDiscriminator) {
      const { propertyName, mapping } = schema.discriminator as {
        propertyName: string;
        mapping: Record<string, string>;
      };
      expect(propertyName, name).toBe("mode");
      const branches = (schema.oneOf as { $ref: string }[]).map((branch) => branch.$ref);
      expect(Object.values(mapping), name).toEqual(branches);
      for (const [mode, ref] of Object.entries(mapping)) {
        const branch = schemas[ref.split("/").at(-1) as string];
        expect((branch.properties as Record<string, Json>).mode.const, `${name} ${mode}`).toBe(
          mode,
        );
        expect(branch.required, `${name} ${mode}`).toContain("mode");
        expect(branch.additionalProperties, `${name} ${mode}`).toBe(false);
      }
    }
  });

  it("groups every known failCode into a declared category", () => {
    const failCodes = contract["x-apixo-fail-codes"] as {
      default: string;
      categories: Record<string, unknown>;
      codes: Record<string, string>;
    };
    expect(Object.keys(failCodes.categories)).toEqual([
      "content",
      "input",
      "transient",
      "billing",
      "unknown",
    ]);
    expect(failCodes.default).toBe("unknown");
    for (const category of Object.values(failCodes.codes))
      expect(failCodes.categories).toHaveProperty(category);
    expect(failCodes.codes.PROCESSING_TIMEOUT).toBe("transient");
    expect(failCodes.codes.INSUFFICIENT_CREDITS).toBe("billing");
    expect(failCodes.codes.SensitiveContentDetected).toBe("content");
  });

  it("declares the callback retry schedule and result expiry", () => {
    const webhook = (contract.webhooks as Record<string, Json>).taskCallback;
    const operation = webhook.post as Json;
    expect(operation["x-apixo-callback"]).toEqual({
      timeoutMs: 30000,
      retryDelaysMs: [30000, 120000, 600000],
      delivery: "at-least-once",
      dedupeKey: "taskId",
      signed: false,
    });
    expect(contract["x-apixo-result-ttl-hours"]).toBe(24);
  });
});

describe("models table", () => {
  it("lists the 19 models in spec order", () => {
    expect(models.map((model) => model.id)).toEqual(MODEL_IDS);
  });

  it("gives every model a complete, consistent profile", () => {
    for (const model of models) {
      expect(["image", "video", "audio"], model.id).toContain(model.kind);
      expect(model.title.length, model.id).toBeGreaterThan(0);
      expect(model.path).toBe(`/api/v1/generateTask/${model.id}`);
      const { initialDelayMs, intervalMs, factor, maxIntervalMs, timeoutMs } = model.polling;
      expect(factor, model.id).toBe(1.2);
      expect(intervalMs, model.id).toBeLessThanOrEqual(maxIntervalMs);
      expect(initialDelayMs + maxIntervalMs, model.id).toBeLessThan(timeoutMs);
      expect(model.durationMs.min, model.id).toBeLessThanOrEqual(model.durationMs.max);
      expect(model.durationMs.max, model.id).toBeLessThan(timeoutMs);
      expect(model.price.usd, model.id).toBeGreaterThan(0);
      expect(["task", "output"], model.id).toContain(model.price.per);
      expect(Object.keys(model.price)).toEqual(["usd", "per"]);
      expect(model.outputs.count, model.id).toBeGreaterThanOrEqual(1);
      expect(model.modes.length, model.id).toBeGreaterThan(0);
      expect(JSON.stringify(model.inputSchema), model.id).not.toContain("$ref");
    }
  });

  it("polls from each model's shortest run time, every 10 % of it growing to 2×", () => {
    for (const { id, polling, durationMs } of models) {
      expect(polling.initialDelayMs, id).toBe(durationMs.min);
      expect(polling.intervalMs, id).toBe(Math.max(1000, Math.round(durationMs.min / 5000) * 500));
      expect(polling.maxIntervalMs, id).toBe(2 * polling.intervalMs);
    }
    expect(getModel("nano-banana")?.polling).toEqual({
      initialDelayMs: 10000,
      intervalMs: 1000,
      factor: 1.2,
      maxIntervalMs: 2000,
      timeoutMs: 120000,
    });
    expect(getModel("sora-2")?.polling).toMatchObject({
      initialDelayMs: 120000,
      intervalMs: 12000,
    });
  });

  it("keeps APIXO's give-up times per kind", () => {
    expect(getModel("nano-banana")?.polling.timeoutMs).toBe(120000);
    expect(getModel("seedream-4-5")?.polling.timeoutMs).toBe(180000);
    expect(getModel("sora-2")?.polling.timeoutMs).toBe(600000);
    expect(getModel("suno")?.polling.timeoutMs).toBe(300000);
  });

  it("reads modes from the per-mode branches or the mode enum", () => {
    expect(getModel("nano-banana")?.modes).toEqual(["text-to-image", "image-to-image"]);
    expect(getModel("midjourney")?.modes).toEqual([
      "text-to-image",
      "image-to-image",
      "image-edit",
      "vary",
      "upscale",
      "reroll",
      "enhance",
    ]);
    expect(getModel("flux-kontext")?.modes).toEqual(["pro", "max"]);
    expect(getModel("gpt-image-1")?.modes).toEqual(["gpt-image-1"]);
    expect(getModel("suno")?.modes).toEqual(["V4", "V4_5", "V4_5ALL", "V4_5PLUS", "V5", "V5_5"]);
    expect(getModel("veo-3-1")?.modes).toEqual(["quality", "fast"]);
  });

  it("carries outputs and provider restrictions", () => {
    expect(getModel("midjourney")?.outputs).toEqual({ count: 4 });
    expect(getModel("seedream-4-5")?.outputs).toEqual({ count: 1, countField: "max_images" });
    expect(getModel("sora-2")?.providers).toEqual(["official"]);
    expect(getModel("sora-2-pro")?.providers).toEqual(["official"]);
    expect(getModel("nano-banana")?.providers).toBeUndefined();
  });

  it("getModel returns undefined for ids without their own path", () => {
    expect(getModel("ltx-2-19b")).toBeUndefined();
    expect(getModel("")).toBeUndefined();
    expect(getModel("flux2")).toBeUndefined();
  });

  it("is frozen, so no consumer can change another's view", () => {
    const model = getModel("nano-banana");
    expect(Object.isFrozen(models)).toBe(true);
    expect(Object.isFrozen(model?.inputSchema)).toBe(true);
    expect(Object.isFrozen(contract)).toBe(true);
  });
});
