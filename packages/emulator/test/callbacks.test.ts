import { getModel } from "@apixo-ts/openapi";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EmulatorOptions } from "../src/index.js";
import { type Envelope, overHttp, resultUrls, SEED_BODY } from "./helpers.js";
import { startReceiver } from "./receiver.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

/**
 * An attempt waits 10 s for the receiver's answer unless a test says otherwise: the default (1 s
 * at this timeScale) can pass while a busy host runs the in-process receiver, and an attempt
 * counted as failed then changes every count below.
 */
const ATTEMPT_TIMEOUT_MS = 10_000;

async function setup(script: Parameters<typeof startReceiver>[0], options: EmulatorOptions = {}) {
  const receiver = await startReceiver(script);
  const api = await overHttp({
    timeScale: 0.001,
    seed: 9,
    ...options,
    callbacks: { attemptTimeoutMs: ATTEMPT_TIMEOUT_MS, ...options.callbacks },
  });
  cleanup.push(receiver.close, () => api.emulator.close());
  const submitted = await api.submit("nano-banana", {
    request_type: "callback",
    callback_url: receiver.url,
    input: SEED_BODY.input,
  });
  expect(submitted.status).toBe(200);
  return { receiver, api, taskId: submitted.body.data.taskId };
}

const waitOptions = { timeout: 8000, interval: 10 };
const NANO_BANANA_MAX_MS = getModel("nano-banana")?.durationMs.max ?? 15_000;

describe("callbacks", () => {
  it("POSTs the statusTask envelope when the task ends", async () => {
    const { receiver, api, taskId } = await setup([200]);
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.delivered).toBe(1), waitOptions);
    expect(receiver.bodies).toHaveLength(1);
    const payload = JSON.parse(receiver.bodies[0] as string) as Envelope;
    const status = (await api.status("nano-banana", taskId)).body;
    expect(payload).toEqual(status);
    expect(payload.data.state).toBe("success");
    expect(resultUrls(payload.data)[0]).toMatch(
      new RegExp(`^${api.emulator.url}/files/${taskId}/0\\.png$`),
    );
  });

  it("retries after failures (30 s, 2 min, 10 min × timeScale) until it gets a 200", async () => {
    const { receiver, api } = await setup([500, 503, 200]);
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.delivered).toBe(1), waitOptions);
    expect(receiver.bodies).toHaveLength(3);
    expect(new Set(receiver.bodies).size).toBe(1);
    expect(api.emulator.stats().callbacks).toMatchObject({
      attempts: 3,
      delivered: 1,
      failed: 0,
      pending: 0,
    });
  });

  it("gives up after three retries", async () => {
    const { receiver, api } = await setup([500]);
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.failed).toBe(1), waitOptions);
    expect(receiver.bodies).toHaveLength(4);
    expect(api.emulator.stats().callbacks).toMatchObject({ attempts: 4, delivered: 0, pending: 0 });
  });

  it("counts a receiver that does not answer in time as a failed attempt", async () => {
    // 2 s: long enough for the second attempt's answer on a busy host, short enough for the test.
    const { receiver, api } = await setup(["hang", 200], { callbacks: { attemptTimeoutMs: 2000 } });
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.delivered).toBe(1), waitOptions);
    expect(receiver.bodies).toHaveLength(2);
  });

  it("treats any status other than 200 as a failure", async () => {
    const { receiver, api } = await setup([204, 200]);
    await vi.waitFor(() => expect(api.emulator.stats().callbacks.delivered).toBe(1), waitOptions);
    expect(receiver.bodies).toHaveLength(2);
  });

  it("sends some callbacks twice under callbacks.duplicateRate", async () => {
    const { receiver, api } = await setup([200], { callbacks: { duplicateRate: 1 } });
    await vi.waitFor(() => expect(receiver.bodies).toHaveLength(2), waitOptions);
    expect(receiver.bodies[0]).toBe(receiver.bodies[1]);
    expect(api.emulator.stats().callbacks).toMatchObject({
      delivered: 1,
      duplicated: 1,
      attempts: 2,
    });
  });

  it("cancels pending deliveries on close", async () => {
    // At 0.05 the task runs 500-750 ms: the close comes well before the delivery is due, even on
    // a busy machine, and the check waits until well after it would have been sent.
    const scale = 0.05;
    const { receiver, api } = await setup([200], { timeScale: scale });
    const dueBy = Date.now() + NANO_BANANA_MAX_MS * scale;
    expect(api.emulator.stats().callbacks.pending).toBe(1);
    await api.emulator.close();
    await new Promise((resolve) => setTimeout(resolve, dueBy - Date.now() + 250));
    expect(receiver.bodies).toHaveLength(0);
  });

  it("sends an early, non-terminal callback under quirks.stagedCallbacks, never retried", async () => {
    // The receiver refuses every non-terminal callback and takes the final one. The two POSTs are
    // a few ms apart at this time scale and may arrive in either order on a busy host.
    const { receiver, api, taskId } = await setup(
      (body) => ((JSON.parse(body) as Envelope).data.state === "success" ? 200 : 500),
      { quirks: { stagedCallbacks: 1 } },
    );
    await vi.waitFor(() => {
      expect(api.emulator.stats().callbacks.delivered).toBe(1);
      expect(api.emulator.stats().callbacks.staged).toBe(1);
      expect(receiver.bodies.length).toBeGreaterThanOrEqual(2);
    }, waitOptions);
    const payloads = receiver.bodies.map((body) => (JSON.parse(body) as Envelope).data);
    // The staged POST got the 500 and was not retried; the final one got the 200.
    expect(payloads).toHaveLength(2);
    const staged = payloads.filter((payload) => payload.state !== "success");
    expect(staged.map((payload) => ["pending", "processing"].includes(payload.state))).toEqual([
      true,
    ]);
    expect(payloads.map((payload) => payload.taskId)).toEqual([taskId, taskId]);
    expect(api.emulator.stats().callbacks).toMatchObject({ staged: 1, attempts: 2, delivered: 1 });
  });
});
