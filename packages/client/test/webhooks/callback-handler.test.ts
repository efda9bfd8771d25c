import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task } from "../../src/task.js";
import { createCallbackHandler } from "../../src/webhooks/callback-handler.js";
import { createCallbackReceiver } from "../../src/webhooks/callback-receiver.js";
import { createCallbackUrl } from "../../src/webhooks/callback-url.js";
import { CallbackPayloadError } from "../../src/webhooks/errors.js";
import {
  base,
  callbackRequest,
  envelope,
  fakeApixo,
  secret,
  successData,
  urlArbitrary,
} from "./helpers.js";

const authoritative = {
  state: "success",
  resultUrls: ["https://cdn.apixo.ai/output/real.jpg"],
  createTime: 5,
};

function setup(tasks: Record<string, Partial<Task>> = { task_abc: authoritative }) {
  const apixo = fakeApixo(tasks);
  const calls: Array<{ task: Task; ref: string }> = [];
  const errors: Array<{ error: unknown; taskId: string }> = [];
  const handler = createCallbackHandler({
    secret,
    apixo,
    onTask: (task, { ref }) => {
      calls.push({ task, ref });
    },
    onError: (error, { taskId }) => {
      errors.push({ error, taskId });
    },
  });
  return { apixo, calls, errors, handler };
}

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe("createCallbackHandler", () => {
  it("answers 200 and reports the status-read task, not the body", async () => {
    const { apixo, calls, handler } = setup();
    const response = await handler(await callbackRequest(envelope(successData), { ref: "job-7" }));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ code: 200, message: "success" });
    await handler.idle();
    expect(apixo.reads).toEqual([{ model: "nano-banana", taskId: "task_abc" }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ref).toBe("job-7");
    expect(calls[0]?.task.resultUrls).toEqual(["https://cdn.apixo.ai/output/real.jpg"]);
  });

  it("answers before the background work finishes", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls: Task[] = [];
    const handler = createCallbackHandler({
      secret,
      apixo: {
        async status(handle) {
          await gate;
          return { ...handle, state: "success", createTime: 0, resultUrls: ["https://x/y.png"] };
        },
      },
      onTask: (task) => {
        calls.push(task);
      },
    });
    const response = await handler(await callbackRequest(envelope(successData)));
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(0);
    release();
    await handler.idle();
    expect(calls).toHaveLength(1);
  });

  it("calls onTask once for duplicate deliveries, sequential or concurrent", async () => {
    const { apixo, calls, handler } = setup();
    const first = await Promise.all(
      [1, 2, 3].map(async () => handler(await callbackRequest(envelope(successData)))),
    );
    await handler.idle();
    const later = await handler(await callbackRequest(envelope(successData)));
    await handler.idle();
    expect([...first, later].map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(calls).toHaveLength(1);
    // Concurrent duplicates wait for the first one; the later one is known to the store.
    expect(apixo.reads).toHaveLength(1);
  });

  it("refuses forged, tampered and expired URLs with a 401 envelope and never reads status", async () => {
    const { apixo, calls, handler } = setup();
    const forged = new Request(
      `${base}?apixo_ref=job-1&apixo_exp=9999999999&apixo_sig=${"A".repeat(43)}`,
      {
        method: "POST",
        body: envelope(successData),
      },
    );
    const unsigned = new Request(base, { method: "POST", body: envelope(successData) });
    const expiredUrl = await createCallbackUrl(base, {
      secret,
      ref: "r",
      ttlSeconds: 1,
      now: () => 0,
    });
    const expired = await callbackRequest(envelope(successData), { url: expiredUrl });
    const answers = await Promise.all(
      [forged, unsigned, expired].map((request) => handler(request)),
    );
    expect(answers.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(await Promise.all(answers.map(json))).toEqual([
      { code: 401, message: "Invalid callback URL.", data: { error: "bad_signature" } },
      { code: 401, message: "Invalid callback URL.", data: { error: "missing_signature" } },
      { code: 401, message: "Invalid callback URL.", data: { error: "expired" } },
    ]);
    await handler.idle();
    expect(apixo.reads).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["not JSON", "garbage{", "invalid_json"],
    ["an empty body", "", "invalid_json"],
    ["JSON without a taskId", envelope({ state: "success" }), "invalid_envelope"],
  ])("answers 400 to a body that is %s", async (_name, body, code) => {
    const { apixo, handler } = setup();
    const response = await handler(await callbackRequest(body));
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ code: 400, data: { error: code } });
    await handler.idle();
    expect(apixo.reads).toHaveLength(0);
  });

  it("answers 413 to an oversized body without reading it all", async () => {
    const handler = createCallbackHandler({ secret, apixo: fakeApixo({}), maxBodyBytes: 100 });
    const response = await handler(await callbackRequest(`{"data":"${"x".repeat(200)}"}`));
    expect(response.status).toBe(413);
  });

  it("answers 405 to anything but POST", async () => {
    const { handler } = setup();
    const response = await handler(new Request(base));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("does nothing in the background for a non-terminal callback (suno's staged ones)", async () => {
    const { apixo, calls, handler } = setup();
    const response = await handler(
      await callbackRequest(envelope({ taskId: "task_abc", state: "processing" })),
    );
    await handler.idle();
    expect(response.status).toBe(200);
    expect(apixo.reads).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it("reports a terminal claim that status() does not confirm, and leaves it unclaimed", async () => {
    const { calls, errors, handler } = setup({ task_abc: { state: "processing" } });
    await handler(await callbackRequest(envelope(successData)));
    await handler.idle();
    expect(calls).toHaveLength(0);
    expect(errors).toHaveLength(1);
    const error = errors[0]?.error;
    expect(CallbackPayloadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "unconfirmed", taskMayExist: false });
  });

  it("reports a failed status read to onError, and a later delivery succeeds", async () => {
    let fail = true;
    const calls: Task[] = [];
    const errors: unknown[] = [];
    const handler = createCallbackHandler({
      secret,
      apixo: {
        async status(handle) {
          if (fail) throw new Error("status down");
          return { ...handle, state: "failed", createTime: 0, resultUrls: [], failCode: "NSFW" };
        },
      },
      onTask: (task) => {
        calls.push(task);
      },
      onError: (error) => {
        errors.push(error);
      },
    });
    await handler(await callbackRequest(envelope({ taskId: "t1", state: "failed" })));
    await handler.idle();
    expect(errors).toHaveLength(1);
    fail = false;
    await handler(await callbackRequest(envelope({ taskId: "t1", state: "failed" })));
    await handler.idle();
    expect(calls.map((task) => task.failCode)).toEqual(["NSFW"]);
  });

  it("releases the claim when onTask throws, so a redelivery is processed again", async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const handler = createCallbackHandler({
      secret,
      apixo: fakeApixo({ task_abc: authoritative }),
      onTask: () => {
        attempts++;
        if (attempts === 1) throw new Error("database down");
      },
      onError: (error) => {
        errors.push(error);
      },
    });
    for (let delivery = 0; delivery < 3; delivery++) {
      await handler(await callbackRequest(envelope(successData)));
      await handler.idle();
    }
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it("uses a pluggable store: a Set, or a claim store", async () => {
    const seen = new Set<string>(["task_abc"]);
    const withSet = setup();
    const handler = createCallbackHandler({
      secret,
      apixo: withSet.apixo,
      store: seen,
      onTask: () => withSet.calls.push({} as never),
    });
    await handler(await callbackRequest(envelope(successData)));
    await handler.idle();
    expect(withSet.calls).toHaveLength(0);

    const claimed: string[] = [];
    const claims = createCallbackHandler({
      secret,
      apixo: fakeApixo({ task_abc: authoritative, task_def: authoritative }),
      store: { claim: async (taskId) => !claimed.includes(taskId) && claimed.push(taskId) > 0 },
      onTask: () => undefined,
    });
    for (const taskId of ["task_abc", "task_def", "task_abc"]) {
      await claims(await callbackRequest(envelope({ ...successData, taskId })));
    }
    await claims.idle();
    expect(claimed).toEqual(["task_abc", "task_def"]);
  });

  it("takes the model from resolveModel when the URL has none, else answers 500", async () => {
    const apixo = fakeApixo({ task_abc: authoritative });
    const url = await createCallbackUrl(base, { secret, ref: "row-9" });
    const resolved = createCallbackHandler({
      secret,
      apixo,
      resolveModel: (ref) => (ref === "row-9" ? "flux-2" : undefined),
    });
    expect((await resolved(await callbackRequest(envelope(successData), { url }))).status).toBe(
      200,
    );
    await resolved.idle();
    expect(apixo.reads).toEqual([{ model: "flux-2", taskId: "task_abc" }]);

    const errors: unknown[] = [];
    const unresolved = createCallbackHandler({
      secret,
      apixo,
      onError: (error) => errors.push(error),
    });
    expect((await unresolved(await callbackRequest(envelope(successData), { url }))).status).toBe(
      500,
    );
    expect(errors).toHaveLength(1);
  });

  it("passes background work to waitUntil, called as a method (per request, or the option)", async () => {
    const kept: Promise<unknown>[] = [];
    const { handler } = setup();
    // Like Workers' ExecutionContext: waitUntil needs its `this`.
    const executionContext = {
      kept,
      waitUntil(promise: Promise<unknown>) {
        this.kept.push(promise);
      },
    };
    await handler(await callbackRequest(envelope(successData)), executionContext);
    expect(kept).toHaveLength(1);
    const global: Promise<unknown>[] = [];
    const withOption = createCallbackHandler({
      secret,
      apixo: fakeApixo({ task_abc: authoritative }),
      waitUntil: (promise) => global.push(promise),
    });
    await withOption(await callbackRequest(envelope(successData)));
    expect(global).toHaveLength(1);
    await Promise.all([...kept, ...global]);
  });

  it("delivers the confirmed task to its receiver, also to a late waitFor", async () => {
    const receiver = createCallbackReceiver();
    const handler = createCallbackHandler({
      secret,
      apixo: fakeApixo({ task_abc: authoritative }),
      receiver,
    });
    expect(handler.receiver).toBe(receiver);
    const early = receiver.waitFor({ model: "nano-banana", taskId: "task_abc" });
    await handler(await callbackRequest(envelope(successData)));
    await handler.idle();
    const late = await receiver.waitFor({ model: "nano-banana", taskId: "task_abc" });
    expect((await early).resultUrls).toEqual(["https://cdn.apixo.ai/output/real.jpg"]);
    expect(late).toEqual(await early);
  });

  it('with respond: "after-processing", answers only once onTask ran, and 500 when it failed', async () => {
    const order: string[] = [];
    let fail = true;
    const handler = createCallbackHandler({
      secret,
      apixo: fakeApixo({ task_abc: authoritative }),
      respond: "after-processing",
      onTask: () => {
        order.push("onTask");
        if (fail) throw new Error("database down");
      },
      onError: () => order.push("onError"),
    });
    const failed = await handler(await callbackRequest(envelope(successData)));
    order.push(`answer ${failed.status}`);
    fail = false;
    const retried = await handler(await callbackRequest(envelope(successData)));
    order.push(`answer ${retried.status}`);
    const duplicate = await handler(await callbackRequest(envelope(successData)));
    order.push(`answer ${duplicate.status}`);
    expect(order).toEqual([
      "onTask",
      "onError",
      "answer 500",
      "onTask",
      "answer 200",
      "answer 200",
    ]);
  });

  it("refuses a weak secret when created", () => {
    expect(() => createCallbackHandler({ secret: "short", apixo: fakeApixo({}) })).toThrow(
      /16 bytes/,
    );
  });

  it("property: random requests get 200, 400, 401, 405 or 413, never a crash", {
    timeout: 60_000,
  }, async () => {
    const { handler } = setup();
    const signed = await createCallbackUrl(base, { secret, ref: "r", model: "nano-banana" });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(signed),
          urlArbitrary,
          fc.string().map((noise) => signed + noise),
        ),
        fc.constantFrom("POST", "GET", "PUT"),
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.anything().map((value) => JSON.stringify({ data: value }) ?? ""),
        ),
        async (url, method, body) => {
          const request = new Request(url, method === "GET" ? { method } : { method, body });
          const response = await handler(request);
          expect([200, 400, 401, 405, 413]).toContain(response.status);
          expect(await json(response)).toMatchObject({
            code: response.status,
            message: expect.any(String),
          });
        },
      ),
      { numRuns: 200 },
    );
    await handler.idle();
  });
});
