import { getModel } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { inProcess, manualClock, SEED_BODY } from "./helpers.js";

const nanoBanana = getModel("nano-banana");
if (!nanoBanana) throw new Error("the contract has no nano-banana model");
const price =
  nanoBanana.price.usd * (nanoBanana.price.per === "output" ? nanoBanana.outputs.count : 1);

describe("balance", () => {
  it("starts at balanceUsd and deducts the model's price per submit, per key", async () => {
    const api = inProcess({ balanceUsd: 1 });
    expect((await api.balance()).body).toEqual({ code: 200, message: "success", data: 1 });
    await api.submit("nano-banana", SEED_BODY);
    await api.submit("nano-banana", SEED_BODY);
    expect((await api.balance()).body.data).toBeCloseTo(1 - 2 * price, 9);
    expect((await api.balance("another-key")).body.data).toBe(1);
  });

  it("answers 402 when the balance does not cover the task, and creates nothing", async () => {
    const api = inProcess({ balanceUsd: price * 1.5 });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ code: 402, message: "Insufficient balance" });
    const stats = await (await api.app.request("/__emulator/stats")).json();
    expect(stats.tasks.total).toBe(1);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a key's bucket is empty, and refills over time", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, rateLimit: { requestsPerSecond: 2, burst: 3 } });
    for (let index = 0; index < 3; index++) expect((await api.balance()).status).toBe(200);
    const limited = await api.app.request("/api/v1/apikeys/current-balance", {
      headers: { authorization: "Bearer test-key" },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("retry-after-ms")).toBe("500");
    expect(await limited.json()).toEqual({ code: 429, message: "Rate limit exceeded" });
    // Other keys have their own bucket.
    expect((await api.balance("other-key")).status).toBe(200);
    clock.advance(500);
    expect((await api.balance()).status).toBe(200);
    expect((await api.balance()).status).toBe(429);
  });

  it("caps running tasks per key with 429 until one finishes", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, rateLimit: { maxRunningTasks: 2 } });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    const capped = await api.submit("nano-banana", SEED_BODY);
    expect(capped.status).toBe(429);
    expect(capped.body.data.error).toMatch(/running tasks/);
    expect((await api.submit("nano-banana", SEED_BODY, "other-key")).status).toBe(200);
    clock.advance(nanoBanana.durationMs.max);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
  });
});
