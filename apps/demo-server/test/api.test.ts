import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, done, type Harness, postJson, startHarness, waitForTask } from "./helpers.js";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe("demo server API (callbacks delivered)", () => {
  let harness: Harness;
  beforeAll(async () => {
    // Reconciler at real speed: within this test only callbacks can finish a task.
    harness = await startHarness({ callbacks: "served", reconcileTimeScale: 1 });
  });
  afterAll(() => harness.close());

  it("submits in callback mode and finishes through the signed callback, with outputs served locally", async () => {
    const response = await postJson(harness, "/api/tasks", {
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "a red fox in snow", aspect_ratio: "16:9" },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      id: string;
      model: string;
      taskId: string;
      state: string;
    };
    expect(created).toMatchObject({ model: "nano-banana", state: "pending" });
    expect(created.taskId).toEqual(expect.any(String));

    const task = await waitForTask(harness.request, created.id, done);
    expect(task).toMatchObject({
      state: "success",
      outputsState: "ready",
      prompt: "a red fox in snow",
    });
    expect(task.history?.map((entry) => [entry.state, entry.source])).toEqual([
      ["submitting", "submit"],
      ["pending", "submit"],
      ["success", "callback"],
    ]);
    expect(task.outputs).toHaveLength(1);
    expect(task.outputs[0]).toMatch(/^\/outputs\/[A-Za-z0-9_-]+-\d+\.(png|jpg|jpeg)$/);

    const output = await harness.request(task.outputs[0] as string);
    expect(output.status).toBe(200);
    expect(output.headers.get("content-type")).toBe("image/png");
    expect(output.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...new Uint8Array(await output.arrayBuffer()).slice(0, 4)]).toEqual(PNG_MAGIC);
    const head = await harness.request(task.outputs[0] as string, {
      headers: { Range: "bytes=0-3" },
    });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toMatch(/^bytes 0-3\/\d+$/);
    expect([...new Uint8Array(await head.arrayBuffer())]).toEqual(PNG_MAGIC);
  });

  it("lists tasks newest first", async () => {
    const ids: string[] = [];
    for (const prompt of ["first", "second"]) {
      const response = await postJson(harness, "/api/tasks", {
        model: "nano-banana",
        input: { mode: "text-to-image", prompt },
      });
      ids.push(((await response.json()) as { id: string }).id);
    }
    const { tasks } = (await (await harness.request("/api/tasks")).json()) as {
      tasks: Array<{ id: string }>;
    };
    expect(tasks.slice(0, 2).map((task) => task.id)).toEqual([ids[1], ids[0]]);
    await Promise.all(ids.map((id) => waitForTask(harness.request, id, done)));
  });

  it.each([
    [
      "an unknown model",
      { model: "no-such-model", input: { prompt: "x" } },
      /no-such-model|model/i,
    ],
    [
      "an enum value outside the contract",
      { model: "nano-banana", input: { mode: "text-to-image", prompt: "x", aspect_ratio: "7:3" } },
      /aspect_ratio/,
    ],
    [
      "a missing required field",
      { model: "nano-banana", input: { mode: "text-to-image" } },
      /prompt/,
    ],
    ["a model id that is not a token", { model: "../balance", input: {} }, /model/],
    ["an input that is not an object", { model: "nano-banana", input: "draw a cat" }, /input/],
  ])("answers 400 with the reason for %s, and stores nothing", async (_name, body, reason) => {
    const before = ((await (await harness.request("/api/tasks")).json()) as { tasks: unknown[] })
      .tasks.length;
    const response = await postJson(harness, "/api/tasks", body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
    const after = ((await (await harness.request("/api/tasks")).json()) as { tasks: unknown[] })
      .tasks.length;
    expect(after).toBe(before);
  });

  it("refuses a body that is not JSON (400) or too large (413)", async () => {
    const notJson = await harness.request("/api/tasks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    const huge = await postJson(harness, "/api/tasks", {
      model: "nano-banana",
      input: { prompt: "x".repeat(300_000) },
    });
    expect(huge.status).toBe(413);
  });

  it("answers 404 for an unknown task id", async () => {
    expect((await harness.request("/api/tasks/nope")).status).toBe(404);
  });

  it.each([
    ["/outputs/..%2Fdemo.sqlite"],
    ["/outputs/demo.sqlite"],
    ["/outputs/callback-secret"],
    ["/outputs/missing-0.png"],
  ])("serves no file for %s", async (path) => {
    expect((await harness.request(path)).status).toBe(404);
  });

  it("streams task changes over SSE", async () => {
    const controller = new AbortController();
    const events = await harness.request("/api/events", { signal: controller.signal });
    expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (events.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
      .getReader();
    const created = (await (
      await postJson(harness, "/api/tasks", {
        model: "nano-banana",
        input: { mode: "text-to-image", prompt: "sse" },
      })
    ).json()) as { id: string };
    let text = "";
    while (!text.includes('"state":"success"') || !text.includes(created.id)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += value;
    }
    controller.abort();
    const states = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: task"))
      .map(
        (block) =>
          JSON.parse(block.slice(block.indexOf("data: ") + 6)) as { id: string; state: string },
      )
      .filter((task) => task.id === created.id)
      .map((task) => task.state);
    expect(states).toContain("pending");
    expect(states).toContain("success");
    await waitForTask(harness.request, created.id, done);
  });
});

describe("demo server page", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ callbacks: "lost", reconcileTimeScale: 1 });
  });
  afterAll(() => harness.close());

  it("serves the page with a strict CSP and the static module", async () => {
    const page = await harness.request("/");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/static/app.js"></script>');
    expect(html).not.toMatch(/<script>[^<]/); // no inline script
    const script = await harness.request("/static/app.js");
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("textContent");
    expect((await harness.request("/static/../package.json")).status).toBe(404);
  });

  it("never sends the API key to the browser", async () => {
    await postJson(harness, "/api/tasks", {
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "k" },
    });
    await postJson(harness, "/api/tasks", {
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: "" },
    });
    for (const path of ["/", "/static/app.js", "/api/info", "/api/models", "/api/tasks"]) {
      const response = await harness.request(path);
      expect(await response.text(), path).not.toContain(API_KEY);
    }
  });

  it("offers every contract model with its per-mode fields", async () => {
    const { models } = (await (await harness.request("/api/models")).json()) as {
      models: Array<{ id: string; fields: Record<string, Array<{ name: string }>> }>;
    };
    const nano = models.find((model) => model.id === "nano-banana");
    expect(nano?.fields["text-to-image"]?.map((field) => field.name)).toContain("prompt");
    expect(nano?.fields["image-to-image"]?.map((field) => field.name)).toContain("image_urls");
  });
});
