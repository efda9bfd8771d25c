import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@apixo-ts/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskView } from "../src/task-view.js";
import { done, freePort } from "./helpers.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

// nano-banana runs 2–3 s here: long enough to kill the server mid-task.
const TIME_SCALE = 0.2;

// The polls below give up after 30 s with the server's output; the tests' budget is above that.
describe("crash and restart of the built server", { timeout: 60_000 }, () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: TIME_SCALE, seed: 11 });
    dataDir = mkdtempSync(join(tmpdir(), "apixo-demo-crash-"));
  });
  afterAll(async () => {
    await server?.stop();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes a task submitted before kill -9 once the server is back", async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      APIXO_API_KEY: "crash-test-key",
      APIXO_BASE_URL: emulator.url,
      TIME_SCALE: String(TIME_SCALE),
    };
    server = await spawnServer(port, env);
    const response = await fetch(`${server.url}/api/tasks`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        model: "nano-banana",
        input: { mode: "text-to-image", prompt: "crash me" },
      }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await server.crash();

    server = await spawnServer(port, env);
    const url = `${server.url}/api/tasks/${id}`;
    let task: TaskView;
    const started = Date.now();
    for (;;) {
      task = (await (await fetch(url)).json()) as TaskView;
      if (done(task)) break;
      if (Date.now() - started > 30_000)
        throw new Error(`not finished: ${JSON.stringify(task)}\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(task).toMatchObject({ state: "success", outputsState: "ready" });
    const states = task.history?.map((entry) => entry.state) ?? [];
    expect(states.slice(0, 2)).toEqual(["submitting", "pending"]);
    expect(states.at(-1)).toBe("success");
    expect(readdirSync(join(dataDir, "outputs"))).toContain(
      (task.outputs[0] as string).replace("/outputs/", ""),
    );
    const output = await fetch(`${server.url}${task.outputs[0]}`);
    expect(output.status).toBe(200);
    expect(output.headers.get("content-type")).toMatch(/^image\//);
  });

  it("with the built-in emulator (no key), resubmits the lost task after kill -9 and finishes it", async () => {
    // The in-process emulator dies with the server, so the restarted one has never seen the task.
    await server?.stop();
    const builtInDir = mkdtempSync(join(tmpdir(), "apixo-demo-crash-builtin-"));
    const port = await freePort();
    const env = { DATA_DIR: builtInDir, TIME_SCALE: String(TIME_SCALE) };
    try {
      server = await spawnServer(port, env);
      const response = await fetch(`${server.url}/api/tasks`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          model: "nano-banana",
          input: { mode: "text-to-image", prompt: "crash the built-in emulator" },
        }),
      });
      expect(response.status).toBe(201);
      const { id, taskId: firstTaskId } = (await response.json()) as {
        id: string;
        taskId: string;
      };
      await server.crash();

      server = await spawnServer(port, env);
      const url = `${server.url}/api/tasks/${id}`;
      let task: TaskView;
      const started = Date.now();
      for (;;) {
        task = (await (await fetch(url)).json()) as TaskView;
        if (done(task)) break;
        if (Date.now() - started > 30_000)
          throw new Error(`not finished: ${JSON.stringify(task)}\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(task).toMatchObject({ state: "success", outputsState: "ready" });
      expect(task.taskId).not.toBe(firstTaskId);
      const history = task.history?.map((entry) => `${entry.source}:${entry.state}`) ?? [];
      expect(history.slice(0, 4)).toEqual([
        "submit:submitting",
        "submit:pending",
        "restart:submitting",
        "restart:pending",
      ]);
      expect(server.output()).toContain("resubmitted 1 unfinished task(s)");
    } finally {
      await server?.stop();
      server = undefined;
      rmSync(builtInDir, { recursive: true, force: true });
    }
  });
});
