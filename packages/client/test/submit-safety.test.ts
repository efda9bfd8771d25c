import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultRates, startEmulator } from "@apixo-ts/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApixoError, createApixo } from "../src/index.js";
import { virtualClock } from "./helpers.js";

// The API has no idempotency key: a submit that reached the server and is sent again creates
// (and bills) a second task. These tests count what the server received.

const input = { mode: "text-to-image", prompt: "A fox" } as const;

async function submitAgainst(faults: FaultRates, maxRetries?: number) {
  const emulator = await startEmulator({
    timeScale: 0.001,
    seed: 1,
    faults: { generateTask: faults },
  });
  try {
    const apixo = createApixo({ apiKey: "test-key", baseUrl: emulator.url, clock: virtualClock() });
    const error = await apixo
      .submit("nano-banana", input, maxRetries === undefined ? {} : { maxRetries })
      .catch((caught: unknown) => caught);
    const stats = emulator.stats();
    return { error, sent: stats.requests.generateTask, created: stats.tasks.total };
  } finally {
    await emulator.close();
  }
}

describe("a submit that may have created the task is never resent", () => {
  const cases: Array<[string, FaultRates, string]> = [
    ["500 after creating the task", { serverError: 1 }, "ServerError"],
    ["502 after creating the task", { badGateway: 1 }, "ServerError"],
    ["connection dropped after the task was created", { dropConnection: 1 }, "ConnectionError"],
    ["200 with a cut-off body", { malformedJson: 1 }, "ApiError"],
  ];
  it.each(cases)("%s", async (_name, faults, errorName) => {
    const { error, sent, created } = await submitAgainst(faults);
    expect(sent).toBe(1);
    expect(created).toBe(1);
    expect(error).toMatchObject({ name: errorName, taskMayExist: true });
    expect((error as Error).message).toMatch(/may exist.*not resent.*balance/);
  });

  describe("a timeout after sending", () => {
    let server: Server;
    let received = 0;
    beforeAll(async () => {
      // Accepts the request and never answers.
      server = createServer(() => {
        received++;
      }).listen(0, "127.0.0.1");
      await once(server, "listening");
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it("is not resent, and says the task may exist", async () => {
      const { port } = server.address() as AddressInfo;
      const apixo = createApixo({
        apiKey: "test-key",
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 200,
        clock: virtualClock(),
      });
      const error = await apixo.submit("nano-banana", input).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: "RequestTimeoutError", taskMayExist: true });
      expect(received).toBe(1);
    });
  });
});

describe("a submit the server surely did not take is resent", () => {
  const cases: Array<[string, FaultRates]> = [
    ["429 rate limited", { rateLimited: 1 }],
    ["503 unavailable", { unavailable: 1 }],
  ];
  it.each(cases)("%s: tried 1 + maxRetries times, no task created", async (_name, faults) => {
    const { error, sent, created } = await submitAgainst(faults);
    expect(sent).toBe(3);
    expect(created).toBe(0);
    expect(error).toMatchObject({ taskMayExist: false });
  });

  it.each([0, 1, 4])("a per-call maxRetries of %i overrides the client's", async (maxRetries) => {
    const { error, sent } = await submitAgainst({ rateLimited: 1 }, maxRetries);
    expect(sent).toBe(1 + maxRetries);
    expect(error).toMatchObject({ name: "RateLimitError", taskMayExist: false });
  });

  it("ECONNREFUSED (nothing listening): resent, and the error says it was never sent", async () => {
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, "close");
    let calls = 0;
    const apixo = createApixo({
      apiKey: "test-key",
      baseUrl: `http://127.0.0.1:${port}`,
      clock: virtualClock(),
      fetch: (request, init) => {
        calls++;
        return fetch(request, init);
      },
    });
    const error = await apixo.submit("nano-banana", input).catch((caught: unknown) => caught);
    expect(calls).toBe(3);
    expect(error).toMatchObject({ name: "ConnectionError", taskMayExist: false });
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("succeeds once the rate limit passes, creating exactly one task", async () => {
    const emulator = await startEmulator({
      timeScale: 0.001,
      seed: 2,
      rateLimit: { requestsPerSecond: 1, burst: 1 },
    });
    try {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: emulator.url });
      await apixo.balance(); // uses the only token
      const handle = await apixo.submit("nano-banana", input);
      expect(handle.taskId).toBeTruthy();
      expect(emulator.stats().tasks.total).toBe(1);
      expect(emulator.stats().rateLimited).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });

  it("is an ApixoError either way", async () => {
    const { error } = await submitAgainst({ unavailable: 1 });
    expect(ApixoError.isInstance(error)).toBe(true);
  });
});
