import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Task } from "../../src/task.js";
import { createCallbackHandler } from "../../src/webhooks/callback-handler.js";
import { createCallbackUrl } from "../../src/webhooks/callback-url.js";
import { toHonoHandler } from "../../src/webhooks/hono-adapter.js";
import { toNodeHandler } from "../../src/webhooks/node-adapter.js";
import { callbackRequest, envelope, fakeApixo, secret, successData } from "./helpers.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function handlerWithCalls() {
  const calls: Task[] = [];
  const apixo = fakeApixo({ task_abc: { state: "success", resultUrls: ["https://cdn/real.png"] } });
  const handler = createCallbackHandler({
    secret,
    apixo,
    onTask: (task) => {
      calls.push(task);
    },
  });
  return { apixo, calls, handler };
}

describe("toNodeHandler through a real node:http server", () => {
  it("verifies, answers 200 and reports the task once across duplicate deliveries", async () => {
    const { calls, handler } = handlerWithCalls();
    const origin = await listen(createServer(toNodeHandler(handler)));
    const url = await createCallbackUrl(`${origin}/webhooks/apixo?tenant=7`, {
      secret,
      ref: "job-1",
      model: "nano-banana",
    });
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: envelope(successData),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ code: 200, message: "success" });
    }
    await handler.idle();
    expect(calls.map((task) => task.resultUrls)).toEqual([["https://cdn/real.png"]]);
  });

  it("answers 401 to a forged callback and 400 to garbage", async () => {
    const { calls, handler } = handlerWithCalls();
    const origin = await listen(createServer(toNodeHandler(handler)));
    const forged = await fetch(
      `${origin}/webhooks/apixo?apixo_ref=x&apixo_exp=9999999999&apixo_sig=${"B".repeat(43)}`,
      {
        method: "POST",
        body: envelope(successData),
      },
    );
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 401, data: { error: "bad_signature" } });
    const url = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      model: "nano-banana",
    });
    const garbage = await fetch(url, { method: "POST", body: "\u0000not json" });
    expect(garbage.status).toBe(400);
    await handler.idle();
    expect(calls).toHaveLength(0);
  });

  it("answers 413 when the socket body exceeds maxBodyBytes", async () => {
    const { handler } = handlerWithCalls();
    const origin = await listen(createServer(toNodeHandler(handler, { maxBodyBytes: 64 })));
    const url = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      model: "nano-banana",
    });
    const response = await fetch(url, { method: "POST", body: envelope(successData) });
    expect(response.status).toBe(413);
  });

  it("works after body-parsing middleware and under a mounted prefix (Express's req.body, originalUrl)", async () => {
    const { calls, handler } = handlerWithCalls();
    const node = toNodeHandler(handler);
    const origin = await listen(
      createServer((request, response) => {
        // What express.json() + app.use("/webhooks", router) leave behind.
        let text = "";
        request.setEncoding("utf8");
        request.on("data", (chunk: string) => {
          text += chunk;
        });
        request.on("end", () => {
          const expressLike = Object.assign(request, {
            body: JSON.parse(text) as unknown,
            originalUrl: request.url,
            url: (request.url ?? "").replace(/^\/webhooks/, ""),
          });
          node(expressLike, response);
        });
      }),
    );
    const url = await createCallbackUrl(`${origin}/webhooks/apixo`, {
      secret,
      model: "nano-banana",
    });
    const response = await fetch(url, { method: "POST", body: envelope(successData) });
    expect(response.status).toBe(200);
    await handler.idle();
    expect(calls).toHaveLength(1);
  });

  it("answers 400 to a request target that is not a path (absolute-form, asterisk)", async () => {
    const { handler } = handlerWithCalls();
    const origin = await listen(createServer(toNodeHandler(handler)));
    const { port } = new URL(origin);
    for (const target of ["http://evil.example/webhooks/apixo", "*"]) {
      const socket = connect(Number(port), "127.0.0.1");
      socket.end(
        `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      let raw = "";
      for await (const chunk of socket) raw += String(chunk);
      expect(raw.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    }
  });

  it("passes unexpected errors to next() when given", async () => {
    const failing = Object.assign(async () => Promise.reject(new Error("boom")), {
      idle: async () => undefined,
      receiver: handlerWithCalls().handler.receiver,
    });
    const received: unknown[] = [];
    const origin = await listen(
      createServer((request, response) =>
        toNodeHandler(failing)(request, response, (error) => {
          received.push(error);
          response.statusCode = 502;
          response.end();
        }),
      ),
    );
    expect((await fetch(`${origin}/x`, { method: "POST", body: "{}" })).status).toBe(502);
    expect(received).toHaveLength(1);
    const bare = await listen(createServer(toNodeHandler(failing)));
    expect((await fetch(`${bare}/x`, { method: "POST", body: "{}" })).status).toBe(500);
  });
});

describe("toHonoHandler", () => {
  it("hands c.req.raw to the handler and keeps background work alive with executionCtx", async () => {
    const { calls, handler } = handlerWithCalls();
    const kept: Promise<unknown>[] = [];
    const route = toHonoHandler(handler);
    const response = await route({
      req: { raw: await callbackRequest(envelope(successData)) },
      executionCtx: { waitUntil: (promise) => kept.push(promise) },
    });
    expect(response.status).toBe(200);
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
    expect(calls).toHaveLength(1);
  });

  it("works where Hono's executionCtx getter throws (Node, Bun)", async () => {
    const { calls, handler } = handlerWithCalls();
    const context = {
      req: { raw: await callbackRequest(envelope(successData)) },
      get executionCtx(): never {
        throw new Error("This context has no ExecutionContext");
      },
    };
    expect((await toHonoHandler(handler)(context)).status).toBe(200);
    await handler.idle();
    expect(calls).toHaveLength(1);
  });
});
