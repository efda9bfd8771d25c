import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApixo, TaskFailedError } from "../../src/index.js";
import type { Task } from "../../src/task.js";
import { createCallbackHandler } from "../../src/webhooks/callback-handler.js";
import { createCallbackUrl } from "../../src/webhooks/callback-url.js";
import { toNodeHandler } from "../../src/webhooks/node-adapter.js";
import { secret } from "./helpers.js";

// The real path end to end: the emulator delivers every callback twice (duplicateRate 1) to the
// handler on a node:http server, which re-reads the task from the emulator with the client.
describe("webhooks against the emulator", { timeout: 30_000 }, () => {
  let emulator: RunningEmulator;
  let server: Server;
  let origin: string;
  let deliveries = 0;
  const calls: Array<{ task: Task; ref: string }> = [];
  const apixo = () => createApixo({ apiKey: "test-key", baseUrl: emulator.url });
  let handler: ReturnType<typeof createCallbackHandler>;

  beforeAll(async () => {
    emulator = await startEmulator({
      timeScale: 0.001,
      seed: 7,
      // Each delivery waits 10 s for the handler's 200, not 1 s: a busy host could otherwise time
      // an attempt out, send it again and change the counts checked below.
      callbacks: { duplicateRate: 1, attemptTimeoutMs: 10_000 },
    });
    handler = createCallbackHandler({
      secret,
      apixo: apixo(),
      onTask: (task, { ref }) => {
        calls.push({ task, ref });
      },
    });
    const node = toNodeHandler(handler);
    server = createServer((request, response) => {
      deliveries++;
      node(request, response);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await emulator?.close();
  });

  it("reports a task once, with the status-read result, although its callback came twice", async () => {
    const client = apixo();
    const callbackUrl = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      ref: "job-1",
      model: "nano-banana",
    });
    const handle = await client.submit(
      "nano-banana",
      { mode: "text-to-image", prompt: "a lighthouse at dusk", aspect_ratio: "1:1" },
      { callbackUrl },
    );
    await vi.waitFor(() => expect(deliveries).toBeGreaterThanOrEqual(2), {
      timeout: 20_000,
      interval: 20,
    });
    await handler.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ref).toBe("job-1");
    const statusTask = await client.status(handle);
    expect(calls[0]?.task).toEqual(statusTask);
    expect(statusTask.state).toBe("success");
    expect(statusTask.resultUrls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const { callbacks } = emulator.stats();
    expect(callbacks.delivered).toBe(1);
    expect(callbacks.duplicated).toBe(1);
  });

  it("wait({ callback: handler.receiver }) resolves from the callback, before polling would start", async () => {
    const client = apixo();
    const callbackUrl = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      ref: "job-2",
      model: "nano-banana",
    });
    const handle = await client.submit(
      "nano-banana",
      { mode: "text-to-image", prompt: "a red fox" },
      { callbackUrl },
    );
    const progress: string[] = [];
    // Polling would start after 10 minutes: only the callback can end this wait in time.
    const task = await client.wait(handle, {
      callback: handler.receiver,
      poll: { initialDelayMs: 600_000 },
      timeoutMs: 900_000,
      onProgress: (read) => progress.push(read.state),
    });
    expect(task.state).toBe("success");
    expect(task.taskId).toBe(handle.taskId);
    expect(progress).toEqual(["success"]); // one authoritative status read, after the callback
    await handler.idle();
    expect(calls.filter((call) => call.task.taskId === handle.taskId)).toHaveLength(1);
  });

  it("reports a failed task once, and wait({ callback }) throws TaskFailedError from it", async () => {
    const client = apixo();
    const callbackUrl = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      ref: "job-3",
      model: "nano-banana",
    });
    const handle = await client.submit(
      "nano-banana",
      { mode: "text-to-image", prompt: "a cat [fail:CONTENT_VIOLATION]" },
      { callbackUrl },
    );
    const error = await client
      .wait(handle, {
        callback: handler.receiver,
        poll: { initialDelayMs: 600_000 },
        timeoutMs: 900_000,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({
      taskId: handle.taskId,
      failCode: "CONTENT_VIOLATION",
      category: "content",
    });
    await handler.idle();
    const reported = calls.filter((call) => call.task.taskId === handle.taskId);
    expect(reported.map((call) => [call.ref, call.task.state, call.task.failCode])).toEqual([
      ["job-3", "failed", "CONTENT_VIOLATION"],
    ]);
  });

  it("refuses a forged callback for a real task with 401", async () => {
    const client = apixo();
    const handle = await client.submit("nano-banana", { mode: "text-to-image", prompt: "forged" });
    const before = calls.length;
    const response = await fetch(
      `${origin}/webhooks/apixo?apixo_ref=job-1&apixo_exp=9999999999&apixo_model=nano-banana&apixo_sig=${"C".repeat(43)}`,
      {
        method: "POST",
        body: JSON.stringify({
          code: 200,
          message: "success",
          data: { taskId: handle.taskId, state: "success" },
        }),
      },
    );
    expect(response.status).toBe(401);
    await handler.idle();
    expect(calls.length).toBe(before);
  });
});
