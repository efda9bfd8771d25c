import { contract, models } from "@apixo-ts/openapi";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { describe, expect, it, vi } from "vitest";
import type { EmulatorOptions } from "../src/index.js";
import { ContractSchemas } from "../src/internal/contract-schemas.js";
import { createRequestValidator } from "../src/internal/request-validator.js";
import { submitExamples } from "./contract-examples.js";
import { inProcess, manualClock, overHttp, SEED_BODY } from "./helpers.js";
import { startReceiver } from "./receiver.js";

type Json = Record<string, unknown>;
const schemas = new ContractSchemas(contract as Json);
const paths = contract.paths as Json;
const compiled = new Map<string, ValidateFunction>();

/** The contract's path template serving a concrete request path. */
function template(path: string): string {
  if (path in paths) return path;
  if (path.startsWith("/api/v1/generateTask/")) return "/api/v1/generateTask/{model}";
  if (path.startsWith("/api/v1/statusTask/")) return "/api/v1/statusTask/{model}";
  return path;
}

function responseValidator(method: string, path: string, status: number): ValidateFunction {
  const key = `${method} ${template(path)} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const pointer = schemas.pointer([
      "paths",
      template(path),
      method,
      "responses",
      String(status),
      "content",
      "application/json",
      "schema",
    ]);
    if (!pointer) throw new Error(`The contract documents no JSON response for ${key}`);
    validate = schemas.compile(pointer);
    compiled.set(key, validate);
  }
  return validate;
}

interface Recorded {
  method: string;
  path: string;
  status: number;
  body: unknown;
}
const recorded: Recorded[] = [];

/** An in-process emulator whose every answer is recorded for validation. */
function recordingEmulator(options: EmulatorOptions = {}) {
  const api = inProcess(options);
  const original = api.app.request.bind(api.app);
  api.app.request = (async (input: string, init?: RequestInit) => {
    const response = await original(input, init);
    const url = new URL(input, "http://emulator.test");
    if (url.pathname.startsWith("/api/")) {
      recorded.push({
        method: (init?.method ?? "GET").toLowerCase(),
        path: url.pathname,
        status: response.status,
        body: await response.clone().json(),
      });
    }
    return response;
  }) as typeof api.app.request;
  return api;
}

describe("every answer conforms to the contract", () => {
  it("exercises success and error answers of every endpoint", async () => {
    const clock = manualClock();
    const api = recordingEmulator({
      now: clock.now,
      balanceUsd: 0.05,
      rateLimit: { maxRunningTasks: 1 },
    });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data; // 200
    await api.status("nano-banana", taskId); // 200 pending
    clock.advance(1000);
    await api.status("nano-banana", taskId); // 200 processing
    await api.submit("nano-banana", SEED_BODY); // 429 running cap
    clock.advance(60_000);
    await api.status("nano-banana", taskId); // 200 success
    const failing = await api.submit(
      "nano-banana",
      { input: { mode: "text-to-image", prompt: "[fail:NSFW]" } },
      "other-key",
    );
    await api.submit("nano-banana", { input: { mode: "text-to-image", prompt: "x" } }); // 402 (0.02 left)
    await api.submit("nano-banana", { input: { mode: "text-to-image" } }); // 400
    await api.submit("nano-banana", "{oops"); // 400
    await api.submit("some-new-model", { input: { prompt: "x" } }); // 404 via the generic path
    await api.status("nano-banana", "f".repeat(32)); // 404
    await api.status("nano-banana", taskId, ""); // 401
    await api.app.request("/api/v1/statusTask/nano-banana", {
      headers: { authorization: "Bearer k" },
    }); // 400
    await api.balance(); // 200
    await api.balance(""); // 401
    clock.advance(60_000);
    await api.status("nano-banana", failing.body.data.taskId, "other-key"); // 200 failed
    const statuses = new Set(
      recorded.map((entry) => `${entry.method} ${template(entry.path)} ${entry.status}`),
    );
    expect(statuses).toContain("get /api/v1/statusTask/{model} 200");
    expect(statuses).toContain("post /api/v1/generateTask/nano-banana 402");
    expect(statuses).toContain("post /api/v1/generateTask/{model} 404");
    expect(statuses).toContain("get /api/v1/statusTask/{model} 400");
  });

  it("exercises injected faults (429 with and without Retry-After, 500, 503) and quirks", async () => {
    for (const kind of [
      "rateLimited",
      "rateLimitedNoRetryAfter",
      "serverError",
      "unavailable",
      "malformedJson",
    ] as const) {
      const api = recordingEmulator({ faults: { [kind]: 1, generateTask: { [kind]: 0 } } });
      const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
      if (kind === "malformedJson") continue; // not JSON on purpose: checked in faults.test.ts
      await api.status("nano-banana", taskId);
      await api.balance();
    }
    const clock = manualClock();
    const quirky = recordingEmulator({
      now: clock.now,
      quirks: { unknownState: 1, omitCostTime: 1 },
    });
    const { taskId } = (await quirky.submit("nano-banana", SEED_BODY)).body.data;
    await quirky.status("nano-banana", taskId); // processing_r2
    clock.advance(60_000);
    await quirky.status("nano-banana", taskId); // success without costTime
    const api = recordingEmulator({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await api.balance();
    await api.balance(); // 429 from the token bucket
  });

  it("submits every documented request example of every model successfully", async () => {
    const api = recordingEmulator({
      callbacks: { fetch: async () => new Response(null, { status: 200 }) },
    });
    for (const model of models) {
      for (const example of submitExamples(model)) {
        const { status, body } = await api.submit(model.id, example);
        expect(status, `${model.id}: ${JSON.stringify(body)}`).toBe(200);
      }
    }
  });

  it("compiles every model's submit schema with ajv's discriminator (no fallback needed)", () => {
    const strict = new ContractSchemas(contract as Json);
    const validator = createRequestValidator(strict, models);
    for (const model of models)
      expect(() => validator.validateSubmit(model, {}), model.id).not.toThrow();
  });

  // Runs last in this describe (vitest keeps the order): validates everything recorded above.
  it("validates every recorded answer against the schema of its status", () => {
    const problems: string[] = [];
    for (const entry of recorded) {
      let validate: ValidateFunction;
      try {
        validate = responseValidator(entry.method, entry.path, entry.status);
      } catch (error) {
        problems.push(String(error));
        continue;
      }
      if (!validate(entry.body)) {
        problems.push(
          `${entry.method} ${entry.path} ${entry.status}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(entry.body)}`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(recorded.length).toBeGreaterThan(40);
  });
});

describe("callback bodies conform to the taskCallback webhook", () => {
  it("validates delivered success, failure and staged payloads", async () => {
    const receiver = await startReceiver([200]);
    const api = await overHttp({
      timeScale: 0.0005,
      quirks: { stagedCallbacks: 1 },
      // Not the 1 s default: an attempt timed out on a busy host would be sent again.
      callbacks: { attemptTimeoutMs: 10_000 },
    });
    try {
      for (const prompt of ["a lighthouse", "a lighthouse [fail:PROCESSING_TIMEOUT]"]) {
        const body = {
          request_type: "callback",
          callback_url: receiver.url,
          input: { ...SEED_BODY.input, prompt },
        };
        expect((await api.submit("nano-banana", body)).status).toBe(200);
      }
      await vi.waitFor(() => expect(receiver.bodies).toHaveLength(4), {
        timeout: 8000,
        interval: 10,
      });
      const pointer = schemas.pointer([
        "webhooks",
        "taskCallback",
        "post",
        "requestBody",
        "content",
        "application/json",
        "schema",
      ]);
      const validate = schemas.compile(pointer as string);
      const states = receiver.bodies.map((text) => {
        const payload = JSON.parse(text) as Json;
        expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
        return (payload.data as Json).state;
      });
      // Two staged (non-terminal) callbacks and the two final ones.
      expect(states.filter((state) => state === "success" || state === "failed").sort()).toEqual([
        "failed",
        "success",
      ]);
    } finally {
      await api.emulator.close();
      await receiver.close();
    }
  });
});
