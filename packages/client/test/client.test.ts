import { describe, expect, it } from "vitest";
import {
  ApiError,
  ApixoError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createApixo,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
} from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import {
  envelope,
  fakeFetch,
  networkError,
  successData,
  taskData,
  virtualClock,
} from "./helpers.js";

const KEY = "sk-test-0123456789abcdef";

function client(handler: Parameters<typeof fakeFetch>[0], options: Record<string, unknown> = {}) {
  const api = fakeFetch(handler);
  const apixo = createApixo({ apiKey: KEY, fetch: api.fetch, clock: virtualClock(), ...options });
  return { apixo, requests: api.requests };
}

describe("submit", () => {
  it("posts an async task with the key and returns a JSON-serialisable handle", async () => {
    const { apixo, requests } = client(() => envelope({ taskId: "task_1" }));
    const handle = await apixo.submit("nano-banana", {
      mode: "text-to-image",
      prompt: "A fox",
      aspect_ratio: "16:9",
    });
    expect(handle).toEqual({ model: "nano-banana", taskId: "task_1" });
    expect(JSON.parse(JSON.stringify(handle))).toEqual(handle);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe("https://api.apixo.ai/api/v1/generateTask/nano-banana");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request?.body).toEqual({
      request_type: "async",
      input: { mode: "text-to-image", prompt: "A fox", aspect_ratio: "16:9" },
    });
  });

  it("sends request_type callback with callback_url, and provider", async () => {
    const { apixo, requests } = client(() => envelope({ taskId: "task_2" }));
    await apixo.submit("sora-2", { mode: "text-to-video", prompt: "x" } as never, {
      callbackUrl: "https://example.com/hook",
      provider: "official",
    });
    expect(requests[0]?.body).toEqual({
      request_type: "callback",
      callback_url: "https://example.com/hook",
      provider: "official",
      input: { mode: "text-to-video", prompt: "x" },
    });
  });

  it("accepts any other model id", async () => {
    const { apixo, requests } = client(() => envelope({ taskId: "task_3" }));
    await apixo.submit("happyHorse", { prompt: "x", custom: 1 });
    expect(requests[0]?.url.pathname).toBe("/api/v1/generateTask/happyHorse");
  });
});

describe("requests", () => {
  it("are built as the spec says: methods, encoded path and query, JSON only on the submit", async () => {
    const { apixo, requests } = client((request) =>
      envelope(request.method === "POST" ? { taskId: "a/b c" } : successData()),
    );
    const handle = await apixo.submit("vendor/model x", { prompt: "x" });
    await apixo.status(handle);
    await apixo.balance().catch(() => undefined);
    const [submit, status, balance] = requests;
    expect(submit?.url.href).toBe("https://api.apixo.ai/api/v1/generateTask/vendor%2Fmodel%20x");
    expect(submit?.headers.get("content-type")).toBe("application/json");
    expect(status?.method).toBe("GET");
    expect(status?.url.pathname).toBe("/api/v1/statusTask/vendor%2Fmodel%20x");
    expect(status?.url.searchParams.get("taskId")).toBe("a/b c");
    expect(status?.headers.get("content-type")).toBeNull();
    expect(status?.body).toBeUndefined();
    expect(balance?.method).toBe("GET");
    for (const request of requests) {
      expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    }
  });

  it("uses the base URL without its trailing slash", async () => {
    const { apixo, requests } = client(() => envelope(1), { baseUrl: "http://127.0.0.1:9/v/" });
    await apixo.balance();
    expect(requests[0]?.url.href).toBe("http://127.0.0.1:9/v/api/v1/apikeys/current-balance");
  });
});

describe("status", () => {
  it("normalises a successful task and parses resultJson", async () => {
    const { apixo, requests } = client(() =>
      envelope(successData(["https://cdn.apixo.ai/a.jpg", "https://cdn.apixo.ai/b.jpg"])),
    );
    const task = await apixo.status({ model: "midjourney", taskId: "task_1" });
    expect(requests[0]?.url.pathname).toBe("/api/v1/statusTask/midjourney");
    expect(requests[0]?.url.searchParams.get("taskId")).toBe("task_1");
    expect(task).toEqual({
      model: "midjourney",
      taskId: "task_1",
      state: "success",
      createTime: 1_700_000_000_000,
      completeTime: 1_700_000_012_000,
      resultUrls: ["https://cdn.apixo.ai/a.jpg", "https://cdn.apixo.ai/b.jpg"],
      result: { resultUrls: ["https://cdn.apixo.ai/a.jpg", "https://cdn.apixo.ai/b.jpg"] },
    });
  });

  it("keeps richer results whole and finds their URLs (suno-like)", async () => {
    const result = { data: [{ id: "1", audioUrl: "https://cdn.apixo.ai/1.mp3", title: "Song" }] };
    const { apixo } = client(() =>
      envelope(taskData("success", { resultJson: JSON.stringify(result) })),
    );
    const task = await apixo.status({ model: "suno", taskId: "task_1" });
    expect(task.result).toEqual(result);
    expect(task.resultUrls).toEqual(["https://cdn.apixo.ai/1.mp3"]);
  });

  it("keeps failure fields and unknown states as they are", async () => {
    const { apixo } = client((_request, index) =>
      index === 0
        ? envelope(taskData("failed", { failCode: "NSFW_DETECTED", failMsg: "nope", costTime: 5 }))
        : envelope(taskData("processing_r2")),
    );
    expect(await apixo.status({ model: "flux-2", taskId: "task_1" })).toMatchObject({
      state: "failed",
      failCode: "NSFW_DETECTED",
      failMsg: "nope",
      costTime: 5,
      resultUrls: [],
    });
    expect((await apixo.status({ model: "flux-2", taskId: "task_1" })).state).toBe("processing_r2");
  });

  it("retries status on connection errors and 5xx, honouring Retry-After", async () => {
    const clock = virtualClock();
    const { apixo, requests } = client(
      (_request, index) => {
        if (index === 0) throw networkError("ECONNRESET");
        if (index === 1) return envelope(null, 503, { "retry-after": "4" });
        return envelope(taskData("processing"));
      },
      { clock },
    );
    expect((await apixo.status({ model: "nano-banana", taskId: "task_1" })).state).toBe(
      "processing",
    );
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([438, 4000]); // backoff 500 ms minus jitter, then Retry-After
  });

  it("gives up after maxRetries with the last error", async () => {
    const { apixo, requests } = client(() => envelope(null, 500), { maxRetries: 1 });
    await expect(apixo.status({ model: "nano-banana", taskId: "task_1" })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(requests).toHaveLength(2);
  });

  it("takes a per-call maxRetries for status and balance", async () => {
    const { apixo, requests } = client(() => envelope(null, 500), { maxRetries: 3 });
    const handle = { model: "nano-banana", taskId: "task_1" };
    await expect(apixo.status(handle, { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
    await expect(apixo.balance({ maxRetries: 1 })).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(3);
  });
});

describe("timeouts and aborts", () => {
  it("times out a hanging status read, retries it, then throws RequestTimeoutError", async () => {
    const { apixo, requests } = client(() => new Promise<Response>(() => {}), {
      timeoutMs: 30,
      maxRetries: 1,
    });
    const error = await apixo
      .status({ model: "nano-banana", taskId: "task_1" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "RequestTimeoutError", taskMayExist: false });
    expect((error as Error).message).toContain("timeoutMs");
    expect(requests).toHaveLength(2);
  });

  it("aborts a submit during its backoff, without sending again", async () => {
    const controller = new AbortController();
    const { apixo, requests } = client(() => {
      queueMicrotask(() => controller.abort());
      return envelope(null, 429);
    });
    const error = await apixo
      .submit("nano-banana", { mode: "text-to-image", prompt: "x" }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(1);
  });
});

describe("balance", () => {
  it("returns the USD balance as a number", async () => {
    const { apixo, requests } = client(() => envelope(74.87));
    expect(await apixo.balance()).toBe(74.87);
    expect(requests[0]?.url.pathname).toBe("/api/v1/apikeys/current-balance");
  });
});

describe("errors", () => {
  const cases: Array<[number, typeof ApiError]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, InsufficientBalanceError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServiceUnavailableError],
  ];
  it.each(cases)(
    "maps HTTP %i to its class, with name, status, code, body and headers",
    async (status, ErrorClass) => {
      const body = {
        code: status,
        message: "Nope",
        data: { error: "Missing required field: input.prompt" },
      };
      const { apixo } = client(
        () => Response.json(body, { status, headers: { "x-request-id": "r1" } }),
        {
          maxRetries: 0,
        },
      );
      const error = await apixo.balance().catch((caught: unknown) => caught);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(ApiError.isInstance(error) && ApixoError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ name: ErrorClass.errorName, status, code: status, body });
      expect((error as ApiError).headers.get("x-request-id")).toBe("r1");
      expect((error as Error).message).toContain("Missing required field: input.prompt");
    },
  );

  it("treats an HTTP 200 whose body code is not 200 as an error of that code", async () => {
    const { apixo } = client(() =>
      Response.json({ code: 401, message: "Invalid or missing API key" }),
    );
    const error = await apixo.balance().catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, code: 401 });
  });

  it("recognises the older 400 'Insufficient credits' as InsufficientBalanceError", async () => {
    const { apixo } = client(() =>
      Response.json({ code: 400, message: "Insufficient credits" }, { status: 400 }),
    );
    await expect(apixo.balance()).rejects.toSatisfy((error) =>
      InsufficientBalanceError.isInstance(error),
    );
  });

  it("says what happened on a bad JSON body", async () => {
    const { apixo } = client(() => new Response("<html>bad gateway</html>", { status: 200 }), {
      maxRetries: 0,
    });
    const error = await apixo.balance().catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("<html>bad gateway</html>");
    expect((error as Error).message).toContain("not APIXO's JSON envelope");
  });

  it("resends a read whose answer was cut off", async () => {
    const { apixo, requests } = client((_request, index) =>
      index === 0 ? new Response('{"code":200,"da', { status: 200 }) : envelope(3.5),
    );
    expect(await apixo.balance()).toBe(3.5);
    expect(requests).toHaveLength(2);
  });

  it("never shows the API key, even when the server echoes it", async () => {
    const echo = {
      code: 401,
      message: `Bad key ${KEY}`,
      data: { headers: { authorization: `Bearer ${KEY}` } },
    };
    const lines: string[] = [];
    const logger = {
      debug: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const { apixo } = client(() => Response.json(echo, { status: 401 }), {
      logger,
      logLevel: "debug",
    });
    const error = (await apixo.balance().catch((caught: unknown) => caught)) as ApiError;
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error.body)).not.toContain(KEY);
    expect(JSON.stringify(error.body)).toContain("[redacted]");
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("names the network failure and keeps the cause", async () => {
    const { apixo } = client(
      () => {
        throw networkError("ENOTFOUND");
      },
      { maxRetries: 0 },
    );
    const error = await apixo.balance().catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("ENOTFOUND");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("recognises errors from another copy of the package", async () => {
    const copy = (await import(
      "../src/errors.js?copy" as string
    )) as typeof import("../src/errors.js");
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const foreign = new copy.RateLimitError("x", { status: 429 });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ApiError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
  });
});

describe("options", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];

  it("resolves explicit > env > default", () => {
    expect(resolveOptions({}, env({}))).toMatchObject({
      apiKey: undefined,
      baseUrl: "https://api.apixo.ai",
      maxRetries: 2,
      timeoutMs: 60_000,
    });
    const fromEnv = resolveOptions(
      {},
      env({ APIXO_API_KEY: "env-key", APIXO_BASE_URL: "http://127.0.0.1:8080/" }),
    );
    expect(fromEnv).toMatchObject({ apiKey: "env-key", baseUrl: "http://127.0.0.1:8080" });
    const explicit = resolveOptions(
      { apiKey: "mine", baseUrl: "https://eu.example" },
      env({ APIXO_API_KEY: "env-key" }),
    );
    expect(explicit).toMatchObject({ apiKey: "mine", baseUrl: "https://eu.example" });
  });

  const urls: Array<[string, boolean]> = [
    ["https://api.apixo.ai", true],
    ["http://localhost:3000", true],
    ["http://127.0.0.1:3000", true],
    ["http://127.8.9.10", true],
    ["http://[::1]:3000", true],
    ["http://api.apixo.ai", false],
    ["http://10.0.0.5:3000", false],
    ["http://localhost.evil.com", false],
    ["ftp://localhost", false],
    ["not a url", false],
  ];
  it.each(urls)("baseUrl %s accepted: %s", (baseUrl, accepted) => {
    const attempt = () => createApixo({ apiKey: KEY, baseUrl });
    if (accepted) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(/Refusing baseUrl/);
  });

  it.each([
    [{ maxRetries: Number.NaN }, /maxRetries must be a number ≥ 0, not NaN/],
    [{ maxRetries: -1 }, /maxRetries must be a number ≥ 0, not -1/],
    [{ timeoutMs: 0 }, /timeoutMs must be a number ≥ 1, not 0/],
  ])("refuses %o with a clear error", (options, message) => {
    expect(() => createApixo({ apiKey: KEY, ...options })).toThrow(message);
  });

  it("refuses a bad per-call maxRetries before sending anything", async () => {
    const { apixo, requests } = client(() => envelope(null, 500));
    const handle = { model: "nano-banana", taskId: "task_1" };
    await expect(apixo.status(handle, { maxRetries: Number.NaN })).rejects.toThrow(
      /maxRetries must be a number/,
    );
    expect(requests).toHaveLength(0);
  });

  it("fails at call time, clearly, when no key is set", async () => {
    const { fetch, requests } = fakeFetch(() => envelope(1));
    const apixo = createApixo({ fetch, apiKey: undefined, baseUrl: "https://api.apixo.ai" });
    if (process.env.APIXO_API_KEY) return; // the machine's own key would be used
    await expect(apixo.balance()).rejects.toThrow(/APIXO_API_KEY/);
    expect(requests).toHaveLength(0);
  });

  it("logs at the chosen level with the taskId, and nothing by default", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const { apixo } = client(() => envelope({ taskId: "task_9" }), { logger, logLevel: "info" });
    await apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x" });
    expect(lines).toEqual(["[apixo] submitted model=nano-banana taskId=task_9"]);
    expect(resolveOptions({}, env({})).log).toBeTypeOf("function");
  });

  it("reads APIXO_LOG from the environment, and stays silent by default", () => {
    const lines: string[] = [];
    const logger = {
      debug: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    resolveOptions({ logger, apiKey: KEY }, env({ APIXO_LOG: "debug" })).log("debug", "hello", {
      taskId: "t1",
    });
    resolveOptions({ apiKey: KEY }, env({})).log("error", "never printed");
    resolveOptions({ logger, logLevel: "silent" }, env({ APIXO_LOG: "debug" })).log(
      "error",
      "silenced",
    );
    expect(lines).toEqual(["[apixo] hello taskId=t1"]);
  });
});
