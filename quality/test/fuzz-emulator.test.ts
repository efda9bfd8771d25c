// Fuzzing the emulator's validation: random and hostile submit bodies, paths and queries get a
// JSON envelope with a 2xx/4xx code that repeats the HTTP status, never a 5xx or a crash.
import { createEmulatorApp } from "@apixo-ts/emulator";
import { models } from "@apixo-ts/openapi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileString } from "./helpers/arbitraries.js";

const app = createEmulatorApp({ timeScale: 0.001, seed: 5, balanceUsd: 1e9 });
const modelIds = models.map((model) => model.id);
const headers = { authorization: "Bearer fuzz-key", "content-type": "application/json" };

async function expectEnvelope(response: Response) {
  expect(response.status, await response.clone().text()).toBeLessThan(500);
  const body = (await response.json()) as { code: unknown; message: unknown };
  expect(body.code).toBe(response.status);
  expect(typeof body.message).toBe("string");
}

const inputArb = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      "mode",
      "prompt",
      "aspect_ratio",
      "image_urls",
      "resolution",
      "output_format",
      "duration",
      "max_images",
      "sound",
      "customMode",
      "instrumental",
      "__proto__",
      "constructor",
    ),
    fc.anything(),
  ),
  fc.record(
    {
      mode: fc.oneof(
        fc.string(),
        fc.constantFrom("text-to-image", "image-to-image", "text-to-video"),
      ),
      prompt: fc.oneof(fc.string({ maxLength: 30_000 }), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

const submitBodyArb = fc.oneof(
  fc
    .record(
      {
        request_type: fc.oneof(fc.constantFrom("async", "callback"), fc.string(), fc.integer()),
        callback_url: fc.oneof(fc.webUrl(), fc.string(), fc.constant("http://127.0.0.1:9/cb")),
        provider: fc.oneof(fc.constantFrom("auto", "value", "official"), fc.string()),
        input: inputArb,
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  hostileString,
);

describe("fuzz: emulator validation", () => {
  it("answers any submit body to any model path with a typed envelope", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...modelIds), fc.string({ minLength: 1 }).map(encodeURIComponent)),
        submitBodyArb,
        async (model, body) => {
          await expectEnvelope(
            await app.request(`/api/v1/generateTask/${model}`, { method: "POST", headers, body }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("answers any statusTask query with a typed envelope", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...modelIds), fc.string({ minLength: 1 })),
        fc.option(fc.string()),
        async (model, taskId) => {
          const query = taskId === null ? "" : `?taskId=${encodeURIComponent(taskId)}`;
          await expectEnvelope(
            await app.request(`/api/v1/statusTask/${encodeURIComponent(model)}${query}`, {
              headers,
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answers hostile authorization headers with 401 envelopes or success", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().map((s) => s.replace(/[^\t\x20-\x7e]/g, "")),
        async (authorization) => {
          await expectEnvelope(
            await app.request("/api/v1/apikeys/current-balance", { headers: { authorization } }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
