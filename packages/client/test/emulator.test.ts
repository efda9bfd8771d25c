import { startEmulator } from "@apixo-ts/emulator";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  createApixo,
  NotFoundError,
  TaskFailedError,
  WaitTimeoutError,
} from "../src/index.js";

// End-to-end against the emulator over real HTTP on 127.0.0.1, with time scaled down 1000×
// and the polling schedule shortened per call to keep waits quick.
const poll = { initialDelayMs: 5, intervalMs: 5, maxIntervalMs: 20, factor: 1.5 };
const input = {
  mode: "text-to-image",
  prompt: "A red fox in the snow",
  aspect_ratio: "16:9",
} as const;

async function withEmulator(
  options: Parameters<typeof startEmulator>[0],
  test: (url: string) => Promise<void>,
) {
  const emulator = await startEmulator({ timeScale: 0.001, seed: 7, ...options });
  try {
    await test(emulator.url);
  } finally {
    await emulator.close();
  }
}

describe("against the emulator", () => {
  it("runs a task to success and bills the balance", () =>
    withEmulator({ balanceUsd: 10 }, async (url) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const before = await apixo.balance();
      const task = await apixo.run("nano-banana", input, { poll });
      expect(task).toMatchObject({ model: "nano-banana", state: "success" });
      expect(task.resultUrls.length).toBeGreaterThan(0);
      expect(task.completeTime).toBeGreaterThanOrEqual(task.createTime);
      expect(await apixo.balance()).toBeLessThan(before);
    }));

  it("resumes a wait from the handle alone, in a fresh client", () =>
    withEmulator({}, async (url) => {
      const handle = await createApixo({ apiKey: "test-key", baseUrl: url }).submit(
        "nano-banana",
        input,
      );
      const stored = JSON.stringify(handle);
      const other = createApixo({ apiKey: "test-key", baseUrl: url });
      await expect(other.wait(JSON.parse(stored), { poll })).resolves.toMatchObject({
        state: "success",
      });
    }));

  it("stops at the deadline while the task goes on", () =>
    withEmulator({}, async (url) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const handle = await apixo.submit(
        "sora-2",
        { mode: "text-to-video", prompt: "A wave" } as never,
        {
          provider: "official",
        },
      );
      const error = await apixo
        .wait(handle, { poll, timeoutMs: 20 })
        .catch((caught: unknown) => caught);
      expect(WaitTimeoutError.isInstance(error)).toBe(true);
      await expect(apixo.wait(handle, { poll, timeoutMs: 10_000 })).resolves.toMatchObject({
        state: "success",
      });
    }));

  it("tolerates transient status failures while waiting", () =>
    withEmulator(
      { faults: { statusTask: { serverError: 0.3, dropConnection: 0.2 } } },
      async (url) => {
        const apixo = createApixo({ apiKey: "test-key", baseUrl: url, maxRetries: 0 });
        await expect(apixo.run("nano-banana", input, { poll })).resolves.toMatchObject({
          state: "success",
        });
      },
    ));

  it("reports a failed task with its category", () =>
    withEmulator({ faults: { taskFailureRate: 1 } }, async (url) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const error = await apixo
        .run("nano-banana", input, { poll })
        .catch((caught: unknown) => caught);
      expect(TaskFailedError.isInstance(error)).toBe(true);
      expect((error as TaskFailedError).failCode).toBeTruthy();
      expect(["content", "input", "transient", "billing", "unknown"]).toContain(
        (error as TaskFailedError).category,
      );
    }));

  it("maps the API's refusals to typed errors", () =>
    withEmulator({ apiKeys: ["good-key"] }, async (url) => {
      const bad = createApixo({ apiKey: "wrong-key", baseUrl: url });
      await expect(bad.balance()).rejects.toSatisfy((error) =>
        AuthenticationError.isInstance(error),
      );
      const apixo = createApixo({ apiKey: "good-key", baseUrl: url });
      await expect(
        apixo.submit("nano-banana", { mode: "text-to-image" } as never),
      ).rejects.toSatisfy((error) => BadRequestError.isInstance(error));
      await expect(
        apixo.status({ model: "nano-banana", taskId: "task_missing" }),
      ).rejects.toSatisfy((error) => NotFoundError.isInstance(error));
    }));
});
