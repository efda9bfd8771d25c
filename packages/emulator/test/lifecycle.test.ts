import { contract, getModel } from "@apixo-ts/openapi";
import { describe, expect, it } from "vitest";
import { inProcess, manualClock, resultUrls, SEED_BODY } from "./helpers.js";

const nanoBanana = getModel("nano-banana");
if (!nanoBanana) throw new Error("the contract has no nano-banana model");
const knownFailCodes = Object.keys(
  (contract as { "x-apixo-fail-codes": { codes: Record<string, string> } })["x-apixo-fail-codes"]
    .codes,
);

describe("task lifecycle", () => {
  it("goes pending → processing → success on the clock, with consistent times", async () => {
    const clock = manualClock();
    const submittedAt = clock.now();
    const api = inProcess({ now: clock.now, seed: 7 });
    const { body } = await api.submit("nano-banana", SEED_BODY);
    const { taskId } = body.data;
    expect(taskId).toMatch(/^[0-9a-f]{32}$/);

    const states: string[] = [];
    let last = (await api.status("nano-banana", taskId)).body.data;
    states.push(last.state);
    while (last.state !== "success") {
      clock.advance(250);
      last = (await api.status("nano-banana", taskId)).body.data;
      if (states.at(-1) !== last.state) states.push(last.state);
    }
    expect(states).toEqual(["pending", "processing", "success"]);
    expect(last.createTime).toBe(submittedAt);
    expect(last.costTime).toBe((last.completeTime ?? 0) - last.createTime);
    const { min, max } = nanoBanana.durationMs;
    expect(last.costTime).toBeGreaterThanOrEqual(min);
    expect(last.costTime).toBeLessThanOrEqual(max);
    expect(last.completeTime).toBeLessThanOrEqual(clock.now());
    expect(resultUrls(last)).toHaveLength(nanoBanana.outputs.count);
  });

  it("omits completeTime, costTime and results while running", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    const { data } = (await api.status("nano-banana", taskId)).body;
    expect(Object.keys(data).sort()).toEqual(["createTime", "state", "taskId"]);
  });

  it("scales run times by timeScale", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, timeScale: 0.01 });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    clock.advance(nanoBanana.durationMs.max * 0.01);
    const { data } = (await api.status("nano-banana", taskId)).body;
    expect(data.state).toBe("success");
    expect(data.costTime).toBeGreaterThanOrEqual(nanoBanana.durationMs.min * 0.01 - 1);
  });

  it("replays the same ids and durations for the same seed", async () => {
    const run = async () => {
      const clock = manualClock();
      const api = inProcess({ now: clock.now, seed: 42 });
      const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
      clock.advance(60_000);
      return (await api.status("nano-banana", taskId)).body.data;
    };
    expect(await run()).toEqual(await run());
  });

  it("fails a task whose prompt carries [fail:CODE] with that code", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now });
    const input = { ...SEED_BODY.input, prompt: "a cat [fail:CONTENT_VIOLATION]" };
    const { taskId } = (await api.submit("nano-banana", { input })).body.data;
    clock.advance(nanoBanana.durationMs.max);
    const { status, body } = await api.status("nano-banana", taskId);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ state: "failed", failCode: "CONTENT_VIOLATION" });
    expect(body.data.failMsg).toMatch(/content policy/i);
    expect(body.data.resultJson).toBeUndefined();
    expect(body.data.costTime).toBe((body.data.completeTime ?? 0) - body.data.createTime);
  });

  it("fails tasks at random with codes from the contract under taskFailureRate", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, faults: { taskFailureRate: 1 }, seed: 3 });
    const codes = new Set<string>();
    for (let index = 0; index < 20; index++) {
      const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
      clock.advance(nanoBanana.durationMs.max);
      const { data } = (await api.status("nano-banana", taskId)).body;
      expect(data.state).toBe("failed");
      codes.add(data.failCode ?? "");
    }
    for (const code of codes) expect(knownFailCodes).toContain(code);
    expect(codes.size).toBeGreaterThan(3);
  });

  it("answers 404 for an unknown taskId, a task read under another model and an unknown model", async () => {
    const api = inProcess();
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    expect((await api.status("nano-banana", "0".repeat(32))).body).toEqual({
      code: 404,
      message: "Task not found",
    });
    const otherModel = (await api.status("no-such-model", taskId)).body;
    expect(otherModel.code).toBe(404);
    expect((await api.submit("no-such-model", SEED_BODY)).body).toEqual({
      code: 404,
      message: "Model not found",
    });
  });

  it("answers 400 when taskId is missing", async () => {
    const api = inProcess();
    const response = await api.app.request("/api/v1/statusTask/nano-banana", {
      headers: { authorization: "Bearer k" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 400,
      data: { error: "Missing required field: taskId" },
    });
  });

  it("serves files only after completion and expires them 24 h × timeScale later", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, timeScale: 0.5 });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    expect((await api.get(`http://emulator.test/files/${taskId}/0.png`)).status).toBe(404);
    clock.advance(nanoBanana.durationMs.max);
    const data = (await api.status("nano-banana", taskId)).body.data;
    const [url] = resultUrls(data);
    expect((await api.get(url as string)).status).toBe(200);
    clock.advance((data.completeTime ?? 0) + 12 * 3600_000 - clock.now() - 1);
    expect((await api.get(url as string)).status).toBe(200);
    clock.advance(1);
    expect((await api.get(url as string)).status).toBe(410);
    // The task itself stays readable; only its files are gone.
    expect((await api.status("nano-banana", taskId)).body.data.state).toBe("success");
  });
});

describe("quirks of real status answers", () => {
  it("reports processing_r2 for running tasks and omits costTime for finished ones", async () => {
    const clock = manualClock();
    const api = inProcess({ now: clock.now, quirks: { unknownState: 1, omitCostTime: 1 } });
    const { taskId } = (await api.submit("nano-banana", SEED_BODY)).body.data;
    expect((await api.status("nano-banana", taskId)).body.data.state).toBe("processing_r2");
    clock.advance(nanoBanana.durationMs.max);
    const { data } = (await api.status("nano-banana", taskId)).body;
    expect(data.state).toBe("success");
    expect(data.completeTime).toBeDefined();
    expect("costTime" in data).toBe(false);
  });
});

describe("authentication", () => {
  it("accepts any non-empty key by default and 401s a missing one", async () => {
    const api = inProcess();
    expect((await api.balance("anything")).status).toBe(200);
    const response = await api.app.request("/api/v1/apikeys/current-balance");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: "Invalid or missing API key" });
  });

  it("accepts only the configured apiKeys when given", async () => {
    const api = inProcess({ apiKeys: ["good"] });
    expect((await api.balance("good")).status).toBe(200);
    const wrong = await api.submit("nano-banana", SEED_BODY, "bad");
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain("bad");
  });
});
