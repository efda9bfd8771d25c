import { afterEach, describe, expect, it } from "vitest";
import { manualClock, overHttp, SEED_BODY } from "./helpers.js";

type Api = Awaited<ReturnType<typeof overHttp>>;
let api: Api | undefined;
afterEach(async () => {
  await api?.emulator.close();
  api = undefined;
});

describe("introspection", () => {
  it("counts submits per model, requests per endpoint, answers, 429s and tasks by state", async () => {
    // A frozen clock: no task moves on and no token refills while the test runs.
    const clock = manualClock();
    api = await overHttp({ now: clock.now, rateLimit: { requestsPerSecond: 1, burst: 3 } });
    await api.submit("nano-banana", SEED_BODY);
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    await api.status("nano-banana", taskId);
    await api.balance(); // 429: the bucket of 3 is empty
    const stats = api.emulator.stats();
    expect(stats.submits).toEqual({ "nano-banana": 2 });
    expect(stats.requests).toMatchObject({ generateTask: 2, statusTask: 1, balance: 1, files: 0 });
    expect(stats.responses).toEqual({ "200": 3, "429": 1 });
    expect(stats.rateLimited).toBe(1);
    expect(stats.duplicateSubmits).toBe(1);
    expect(stats.tasks).toEqual({ pending: 2, processing: 0, success: 0, failed: 0, total: 2 });
  });

  it("serves the same snapshot at GET /__emulator/stats without a key", async () => {
    api = await overHttp();
    await api.submit("nano-banana", SEED_BODY);
    const response = await fetch(`${api.emulator.url}/__emulator/stats`);
    expect(response.status).toBe(200);
    const served = await response.json();
    expect(served.submits).toEqual({ "nano-banana": 1 });
    expect(served.tasks.total).toBe(1);
  });

  it("reset() forgets tasks, balances and counters", async () => {
    api = await overHttp({ balanceUsd: 10 });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    api.emulator.reset();
    expect((await api.status("nano-banana", taskId)).status).toBe(404);
    expect((await api.balance()).body.data).toBe(10);
    const stats = api.emulator.stats();
    expect(stats.tasks.total).toBe(0);
    expect(stats.submits).toEqual({});
    expect(stats.requests.statusTask).toBe(1);
  });

  it("POST /__emulator/reset does the same over HTTP", async () => {
    api = await overHttp();
    await api.submit("nano-banana", SEED_BODY);
    expect((await fetch(`${api.emulator.url}/__emulator/reset`, { method: "POST" })).status).toBe(
      204,
    );
    expect(api.emulator.stats().tasks.total).toBe(0);
  });

  it("answers unknown paths with a 404 envelope", async () => {
    api = await overHttp();
    const response = await fetch(`${api.emulator.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 404, message: "Not found" });
  });
});
