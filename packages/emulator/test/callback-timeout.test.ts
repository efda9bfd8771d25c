import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCliOptions } from "../src/cli.js";
import { type EmulatorOptions, startEmulator } from "../src/index.js";
import { overHttp, SEED_BODY } from "./helpers.js";

// A receiver that answers 200 only after `delayMs`: slower than the 1 s floor of an attempt at a
// tiny timeScale, as a receiver sharing a busy process with the emulator can be.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function slowReceiver(delayMs: number) {
  let posts = 0;
  const server: Server = createServer((request, response) => {
    posts++;
    request.resume();
    setTimeout(() => response.writeHead(200).end("ok"), delayMs);
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanup.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, posts: () => posts };
}

async function submitTo(url: string, options: EmulatorOptions) {
  const api = await overHttp({ timeScale: 0.001, seed: 3, ...options });
  cleanup.push(() => api.emulator.close());
  const submitted = await api.submit("nano-banana", {
    request_type: "callback",
    callback_url: url,
    input: SEED_BODY.input,
  });
  expect(submitted.status).toBe(200);
  return api;
}

describe("callbacks.attemptTimeoutMs", () => {
  it("waits that long for the receiver's 200: a slow receiver gets one attempt", async () => {
    const receiver = await slowReceiver(1200);
    const api = await submitTo(receiver.url, { callbacks: { attemptTimeoutMs: 20_000 } });
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.delivered).toBe(1), {
      timeout: 15_000,
      interval: 20,
    });
    expect(api.emulator.stats().callbacks).toMatchObject({ attempts: 1, failed: 0, pending: 0 });
    expect(receiver.posts()).toBe(1);
  });

  it("defaults to the contract's 30 s × timeScale, at least 1 s: the same receiver is retried", async () => {
    const receiver = await slowReceiver(1200);
    await submitTo(receiver.url, {});
    await vi.waitFor(() => expect(receiver.posts()).toBeGreaterThanOrEqual(2), {
      timeout: 15_000,
      interval: 20,
    });
  });

  it("refuses a value that is not a positive number", async () => {
    await expect(startEmulator({ callbacks: { attemptTimeoutMs: 0 } })).rejects.toThrow(
      /callbacks\.attemptTimeoutMs/,
    );
  });

  it("is set by --callback-timeout-ms", () => {
    expect(parseCliOptions(["--callback-timeout-ms", "2500"])).toEqual({
      port: 4010,
      callbacks: { attemptTimeoutMs: 2500 },
    });
    expect(
      parseCliOptions(["--callback-duplicate-rate", "0.5", "--callback-timeout-ms", "2500"]),
    ).toEqual({ port: 4010, callbacks: { duplicateRate: 0.5, attemptTimeoutMs: 2500 } });
  });
});
