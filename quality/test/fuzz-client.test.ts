// Fuzzing the client's response parsing: whatever the server answers (status, headers, body),
// submit/status/balance resolve with well-formed values or reject with a typed ApixoError.
import { ApixoError, type Clock, createApixo, scaledClock } from "@apixo-ts/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyArb } from "./helpers/arbitraries.js";

const API_KEY = "sk-fuzz-9f8e7d6c5b4a";
const instantClock: Clock = {
  now: () => Date.now(),
  random: () => 0.5,
  sleep: () => Promise.resolve(),
};

const responseArb = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 400, 401, 402, 403, 404, 408, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  ),
  body: fc.oneof(
    bodyArb,
    bodyArb.map((body) => body.replace(/.{0,3}$/, API_KEY)),
  ),
  retryAfter: fc.option(
    fc.oneof(
      fc.string(),
      fc.nat().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    ),
  ),
  contentType: fc.constantFrom("application/json", "text/html", "text/plain", ""),
});

type FuzzResponse = {
  status: number;
  body: string;
  retryAfter: string | null;
  contentType: string;
};

function clientAnswering(response: FuzzResponse) {
  return createApixo({
    apiKey: API_KEY,
    baseUrl: "http://127.0.0.1:9",
    maxRetries: 1,
    clock: instantClock,
    fetch: async () => {
      const headers = new Headers();
      if (response.contentType) headers.set("content-type", response.contentType);
      if (response.retryAfter !== null)
        headers.set("retry-after", response.retryAfter.replace(/[^\t\x20-\x7e]/g, ""));
      const nullBody = [204, 205, 304].includes(response.status);
      return new Response(nullBody ? null : response.body, { status: response.status, headers });
    },
  });
}

async function outcome(call: () => Promise<unknown>) {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

function expectTyped(error: unknown) {
  expect(
    ApixoError.isInstance(error),
    `untyped error: ${error instanceof Error ? error.stack : String(error)}`,
  ).toBe(true);
  const text = `${(error as Error).message} ${JSON.stringify((error as { body?: unknown }).body ?? "")}`;
  expect(text).not.toContain(API_KEY);
}

describe("fuzz: client response parsing", () => {
  it("status() resolves with a normalised Task or rejects with a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(responseArb, async (response) => {
        const result = await outcome(() =>
          clientAnswering(response).status({ model: "nano-banana", taskId: "t1" }),
        );
        if ("error" in result) return expectTyped(result.error);
        const task = result.value as { taskId: unknown; state: unknown; resultUrls: unknown };
        expect(typeof task.state).toBe("string");
        expect(
          Array.isArray(task.resultUrls) && task.resultUrls.every((url) => typeof url === "string"),
        ).toBe(true);
      }),
      {
        numRuns: 400,
        // Found by this property: a resultJson of "null" threw a TypeError (fixed in toTask).
        examples: [
          [
            {
              status: 200,
              body: '{"data":{"resultJson":"null"}}',
              retryAfter: null,
              contentType: "application/json",
            },
          ],
        ],
      },
    );
  });

  it("submit() resolves with a handle or rejects with a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(responseArb, async (response) => {
        const result = await outcome(() =>
          clientAnswering(response).submit("nano-banana", { mode: "text-to-image", prompt: "x" }),
        );
        if ("error" in result) return expectTyped(result.error);
        const handle = result.value as { model: unknown; taskId: unknown };
        expect(handle.model).toBe("nano-banana");
        expect(typeof handle.taskId === "string" && handle.taskId.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("balance() resolves with a number or rejects with a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(responseArb, async (response) => {
        const result = await outcome(() => clientAnswering(response).balance());
        if ("error" in result) return expectTyped(result.error);
        expect(typeof result.value).toBe("number");
      }),
      { numRuns: 200 },
    );
  });

  it("wait() over a random sequence of answers ends typed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(responseArb, { minLength: 1, maxLength: 8 }), async (responses) => {
        let call = 0;
        const apixo = createApixo({
          apiKey: API_KEY,
          baseUrl: "http://127.0.0.1:9",
          maxRetries: 0,
          clock: scaledClock(0.0001), // polls and the deadline keep their order, 10,000× faster
          fetch: async () => {
            const response = responses[
              Math.min(call++, responses.length - 1)
            ] as (typeof responses)[number];
            const nullBody = [204, 205, 304].includes(response.status);
            return new Response(nullBody ? null : response.body, { status: response.status });
          },
        });
        const result = await outcome(() =>
          apixo.wait({ model: "nano-banana", taskId: "t1" }, { timeoutMs: 120_000 }),
        );
        if ("error" in result) return expectTyped(result.error);
        expect((result.value as { state: string }).state).toBe("success");
      }),
      { numRuns: 150 },
    );
  });
});
