import { createApixo } from "@apixo-ts/client";
import { createCallbackUrl } from "@apixo-ts/client/webhooks";
import { startEmulator } from "@apixo-ts/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  done,
  EMULATOR_TIME_SCALE,
  type Harness,
  postJson,
  SECRET,
  startHarness,
  waitForTask,
} from "./helpers.js";

async function submit(harness: Harness, prompt: string) {
  const response = await postJson(harness, "/api/tasks", {
    model: "nano-banana",
    input: { mode: "text-to-image", prompt },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; taskId: string };
}

/** Waits until the upstream itself reports the task finished (a callback would now be due). */
async function waitUpstreamDone(harness: Harness, taskId: string) {
  const apixo = createApixo({ apiKey: "test-key", baseUrl: harness.emulatorUrl });
  for (;;) {
    const task = await apixo.status({ model: "nano-banana", taskId });
    if (task.state === "success" || task.state === "failed") return task;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The statusTask envelope APIXO posts as a callback body. */
async function callbackBody(harness: Harness, taskId: string) {
  const response = await fetch(
    `${harness.emulatorUrl}/api/v1/statusTask/nano-banana?taskId=${taskId}`,
    {
      headers: { Authorization: "Bearer test-key" },
    },
  );
  return response.text();
}

function postCallback(harness: Harness, url: string, body: string) {
  const { pathname, search } = new URL(url);
  return harness.request(`${pathname}${search}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
}

describe("signed callbacks", () => {
  let harness: Harness;
  beforeAll(async () => {
    // APIXO's own deliveries go nowhere and the reconciler stays away for the test's lifetime:
    // only the callbacks posted by the test can move a task.
    harness = await startHarness({ callbacks: "lost", reconcileTimeScale: 1 });
  });
  afterAll(() => harness.close());

  it("answers 401 to forged, tampered and expired callbacks, and changes nothing", async () => {
    const { id, taskId } = await submit(harness, "forgery target");
    await waitUpstreamDone(harness, taskId);
    const body = await callbackBody(harness, taskId);
    const base = `${harness.publicUrl}/webhooks/apixo`;
    const valid = await createCallbackUrl(base, { secret: SECRET, ref: id, model: "nano-banana" });
    const tampered = new URL(valid);
    tampered.searchParams.set("apixo_ref", "someone-else");
    const cases = [
      `${base}`,
      `${base}?ref=${id}`,
      tampered.toString(),
      await createCallbackUrl(base, {
        secret: "another-secret-0123456789",
        ref: id,
        model: "nano-banana",
      }),
      await createCallbackUrl(base, {
        secret: SECRET,
        ref: id,
        model: "nano-banana",
        ttlSeconds: 60,
        now: () => Date.now() - 3_600_000,
      }),
    ];
    for (const url of cases) {
      const response = await postCallback(harness, url, body);
      expect(response.status, url).toBe(401);
    }
    const task = await waitForTask(harness.request, id, () => true);
    expect(task.state).toBe("pending");
    expect(task.history?.map((entry) => entry.state)).toEqual(["submitting", "pending"]);
  });

  it("takes a genuine callback once: duplicates answer 200 and add no state change", async () => {
    const { id, taskId } = await submit(harness, "duplicated delivery");
    await waitUpstreamDone(harness, taskId);
    const body = await callbackBody(harness, taskId);
    const url = await createCallbackUrl(`${harness.publicUrl}/webhooks/apixo`, {
      secret: SECRET,
      ref: id,
      model: "nano-banana",
    });
    const first = await postCallback(harness, url, body);
    const second = await postCallback(harness, url, body);
    expect([first.status, second.status]).toEqual([200, 200]);
    const task = await waitForTask(harness.request, id, done);
    expect(task.state).toBe("success");
    const third = await postCallback(harness, url, body);
    expect(third.status).toBe(200);
    await harness.demo.tracker.idle();
    const history = (await waitForTask(harness.request, id, () => true)).history ?? [];
    expect(history.map((entry) => [entry.state, entry.source])).toEqual([
      ["submitting", "submit"],
      ["pending", "submit"],
      ["success", "callback"],
    ]);
  });

  it("trusts the upstream, not the callback body: a forged 'success' body on a valid URL of a failed task records the failure", async () => {
    const response = await postJson(harness, "/api/tasks", {
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "this one fails [fail:CONTENT_VIOLATION]" },
    });
    const { id, taskId } = (await response.json()) as { id: string; taskId: string };
    await waitUpstreamDone(harness, taskId);
    const lie = JSON.stringify({
      code: 200,
      message: "success",
      data: {
        taskId,
        state: "success",
        resultJson: JSON.stringify({ resultUrls: ["http://127.0.0.1:1/evil.png"] }),
        createTime: 1,
      },
    });
    const url = await createCallbackUrl(`${harness.publicUrl}/webhooks/apixo`, {
      secret: SECRET,
      ref: id,
      model: "nano-banana",
    });
    expect((await postCallback(harness, url, lie)).status).toBe(200);
    const task = await waitForTask(harness.request, id, done);
    expect(task).toMatchObject({ state: "failed", failCode: "CONTENT_VIOLATION", outputs: [] });
  });
});

describe("interrupted submits", () => {
  it("revive when the task did reach the upstream and its signed callback arrives", async () => {
    const harness = await startHarness({ callbacks: "lost", reconcileTimeScale: 1 });
    try {
      // The row as a crash during the submit leaves it: failed locally, no taskId.
      harness.store.create({
        id: "interrupted",
        model: "nano-banana",
        input: { prompt: "p" },
        createdAt: Date.now(),
      });
      harness.demo.tracker.apply(
        "interrupted",
        { state: "failed", failCode: "SUBMIT_INTERRUPTED" },
        "restart",
      );
      const url = await createCallbackUrl(`${harness.publicUrl}/webhooks/apixo`, {
        secret: SECRET,
        ref: "interrupted",
        model: "nano-banana",
      });
      const apixo = createApixo({ apiKey: "test-key", baseUrl: harness.emulatorUrl });
      const { taskId } = await apixo.submit(
        "nano-banana",
        { mode: "text-to-image", prompt: "p" },
        { callbackUrl: url },
      );
      await waitUpstreamDone(harness, taskId);
      expect((await postCallback(harness, url, await callbackBody(harness, taskId))).status).toBe(
        200,
      );
      const task = await waitForTask(
        harness.request,
        "interrupted",
        (view) => view.state !== "failed" && done(view),
      );
      expect(task).toMatchObject({ state: "success", taskId, outputsState: "ready" });
    } finally {
      await harness.close();
    }
  });
});

describe("lost callbacks", () => {
  it("are covered by the reconciler: the task finishes by polling once its callback is overdue", async () => {
    const harness = await startHarness({
      callbacks: "lost",
      reconcileTimeScale: EMULATOR_TIME_SCALE,
    });
    try {
      const { id } = await submit(harness, "nobody calls back");
      const task = await waitForTask(harness.request, id, done);
      expect(task).toMatchObject({ state: "success", outputsState: "ready" });
      expect(task.history?.at(-1)).toMatchObject({ state: "success", source: "reconciler" });
    } finally {
      await harness.close();
    }
  });
});

describe("forgotten tasks", () => {
  it("fail with TASK_NOT_FOUND once overdue instead of being polled forever", async () => {
    const harness = await startHarness({
      callbacks: "lost",
      reconcileTimeScale: EMULATOR_TIME_SCALE,
    });
    try {
      // A task of an earlier upstream (e.g. the in-process emulator before a restart).
      harness.store.create({
        id: "forgotten",
        model: "nano-banana",
        input: { prompt: "p" },
        createdAt: Date.now(),
      });
      harness.demo.tracker.apply(
        "forgotten",
        { state: "pending", taskId: "0123456789abcdef0123456789abcdef" },
        "submit",
      );
      const task = await waitForTask(harness.request, "forgotten", done);
      expect(task).toMatchObject({ state: "failed", failCode: "TASK_NOT_FOUND" });
      expect(task.history?.at(-1)).toMatchObject({ state: "failed", source: "reconciler" });
    } finally {
      await harness.close();
    }
  });
});

describe("restart", () => {
  it("resumes unfinished tasks, missing downloads and interrupted submits from the database", async () => {
    const emulator = await startEmulator({ timeScale: EMULATOR_TIME_SCALE, seed: 3 });
    const first = await startHarness({ callbacks: "lost", reconcileTimeScale: 1 }, emulator);
    const { id, taskId } = await submit(first, "survives a restart");
    // A row that crashed between insert and the upstream's answer.
    first.store.create({
      id: "half-submitted",
      model: "nano-banana",
      input: { prompt: "lost" },
      createdAt: Date.now(),
    });
    // A task recorded as successful whose download never ran (crash right after the commit).
    const downloadLost = await submit(first, "download interrupted");
    await waitUpstreamDone(first, taskId);
    await waitUpstreamDone(first, downloadLost.taskId);
    first.store.applyUpdate(downloadLost.id, { state: "success" }, "callback", Date.now());
    await first.close({ keepData: true });

    const second = await startHarness(
      { callbacks: "lost", reconcileTimeScale: 1, dataDir: first.dataDir },
      emulator,
    );
    try {
      const task = await waitForTask(second.request, id, done);
      expect(task).toMatchObject({ state: "success", outputsState: "ready" });
      expect(task.history?.at(-1)).toMatchObject({ state: "success", source: "reconciler" });
      const downloaded = await waitForTask(second.request, downloadLost.id, done);
      expect(downloaded).toMatchObject({ state: "success", outputsState: "ready" });
      expect(downloaded.outputs).toHaveLength(1);
      expect((await second.request(downloaded.outputs[0] as string)).status).toBe(200);
      const interrupted = await waitForTask(second.request, "half-submitted", () => true);
      expect(interrupted).toMatchObject({ state: "failed", failCode: "SUBMIT_INTERRUPTED" });
    } finally {
      await second.close();
      await emulator.close();
    }
  });
});
