// The task-creation limit (rateLimit.submitsPerSecond / submitBurst) over real HTTP, with a frozen
// clock: no token refills unless a test advances it.
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../src/index.js";
import { manualClock, overHttp, SEED_BODY } from "./helpers.js";

type Api = Awaited<ReturnType<typeof overHttp>>;
let api: Api | undefined;
afterEach(async () => {
  await api?.emulator.close();
  api = undefined;
});

async function start(rateLimit: EmulatorOptions["rateLimit"]) {
  const clock = manualClock();
  api = await overHttp({ now: clock.now, rateLimit });
  return { api, clock };
}

const SUBMIT_LIMITED = {
  code: 429,
  message: "Rate limit exceeded",
  data: {
    error: expect.stringMatching(/Too many task submissions \(limit 2 per second per key\)/),
  },
};

describe("rateLimit.submitsPerSecond", () => {
  it("refuses submits over the rate with 429 and Retry-After while status and balance reads pass", async () => {
    const { api, clock } = await start({ submitsPerSecond: 2 });
    const first = await api.submit("nano-banana", SEED_BODY);
    expect(first.status).toBe(200);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);

    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(SUBMIT_LIMITED);
    // Empty bucket at 2/s: one token is 500 ms away (Retry-After rounds up to whole seconds).
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("retry-after-ms")).toBe("500");

    // Reads do not draw from the submit bucket: any number of them pass.
    for (let index = 0; index < 20; index++) {
      expect((await api.status("nano-banana", first.body.data.taskId)).status).toBe(200);
    }
    expect((await api.balance()).status).toBe(200);
    // Another key has its own bucket.
    expect((await api.submit("nano-banana", SEED_BODY, "other-key")).status).toBe(200);

    clock.advance(499);
    const early = await api.submit("nano-banana", SEED_BODY);
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after-ms")).toBe("1");
    clock.advance(1);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);

    const stats = api.emulator.stats();
    expect(stats.rateLimited).toBe(2);
    expect(stats.responses["429"]).toBe(2);
    expect(stats.requests.generateTask).toBe(6);
    expect(stats.submits).toEqual({ "nano-banana": 4 });
    expect(stats.tasks.total).toBe(4);
  });

  it("admits a burst of submitBurst, then one submit per 1/rate seconds", async () => {
    const { api, clock } = await start({ submitsPerSecond: 2, submitBurst: 4 });
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      statuses.push((await api.submit("nano-banana", SEED_BODY)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    clock.advance(1000);
    statuses.length = 0;
    for (let index = 0; index < 3; index++) {
      statuses.push((await api.submit("nano-banana", SEED_BODY)).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("lets a rate below 1/s admit one submit (the burst defaults to at least 1)", async () => {
    const { api, clock } = await start({ submitsPerSecond: 0.5 });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2");
    clock.advance(2000);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
  });
});

describe("both buckets together", () => {
  it("a submit refused by the submit bucket takes no token of the all-requests bucket", async () => {
    const { api } = await start({
      requestsPerSecond: 1,
      burst: 3,
      submitsPerSecond: 1,
      submitBurst: 1,
    });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data; // requests 2 left
    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(429);
    expect(refused.body.data.error).toMatch(/task submissions/);
    // Had the refused submit cost a request token, only one of these would pass.
    expect((await api.status("nano-banana", taskId)).status).toBe(200);
    expect((await api.status("nano-banana", taskId)).status).toBe(200);
    const readLimited = await api.status("nano-banana", taskId);
    expect(readLimited.status).toBe(429);
    // The all-requests limit answers the contract's example as it is, without a detail.
    expect(readLimited.body).toEqual({ code: 429, message: "Rate limit exceeded" });
  });

  it("a submit refused by the all-requests bucket takes no token of the submit bucket", async () => {
    const { api, clock } = await start({
      requestsPerSecond: 1,
      burst: 1,
      submitsPerSecond: 0.5,
      submitBurst: 1,
    });
    expect((await api.balance()).status).toBe(200); // the only request token
    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 429, message: "Rate limit exceeded" });
    expect(refused.headers.get("retry-after-ms")).toBe("1000");
    // One second refills the request token; the submit token was never taken (it would need two).
    clock.advance(1000);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
  });

  it("when both refuse, Retry-After is the longer wait, so the retry passes both", async () => {
    const { api, clock } = await start({
      requestsPerSecond: 1,
      burst: 1,
      submitsPerSecond: 0.25,
      submitBurst: 1,
    });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    const refused = await api.submit("nano-banana", SEED_BODY);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("4");
    expect(refused.headers.get("retry-after-ms")).toBe("4000");
    expect(refused.body.data.error).toMatch(/limit 0\.25 per second/);
    clock.advance(4000);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    expect(api.emulator.stats().rateLimited).toBe(1);
  });

  it("checks the buckets before the running-task cap: a capped submit still costs its tokens", async () => {
    const { api } = await start({ submitsPerSecond: 2, maxRunningTasks: 1 });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    const capped = await api.submit("nano-banana", SEED_BODY);
    expect(capped.status).toBe(429);
    expect(capped.body.data.error).toMatch(/running tasks/);
    const limited = await api.submit("nano-banana", SEED_BODY);
    expect(limited.status).toBe(429);
    expect(limited.body.data.error).toMatch(/task submissions/);
    expect(api.emulator.stats().rateLimited).toBe(2);
  });

  it("reset() refills the submit bucket", async () => {
    const { api } = await start({ submitsPerSecond: 1 });
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(429);
    api.emulator.reset();
    expect((await api.submit("nano-banana", SEED_BODY)).status).toBe(200);
  });
});
