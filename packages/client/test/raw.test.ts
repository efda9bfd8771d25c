import { describe, expect, it } from "vitest";
import { createRawClient } from "../src/raw/index.js";
import { envelope, fakeFetch, networkError } from "./helpers.js";

const KEY = "sk-test-0123456789abcdef";

describe("createRawClient", () => {
  it("is the typed openapi-fetch client, with the base URL and the key set", async () => {
    const { fetch, requests } = fakeFetch(() => envelope(12.5));
    const raw = createRawClient({ apiKey: KEY, fetch });
    const { data } = await raw.GET("/api/v1/apikeys/current-balance");
    expect(data).toEqual({ code: 200, message: "success", data: 12.5 });
    expect(requests[0]?.url.href).toBe("https://api.apixo.ai/api/v1/apikeys/current-balance");
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
  });

  it("reaches any operation of the spec, with typed params", async () => {
    const { fetch, requests } = fakeFetch(() => envelope({ taskId: "t1", state: "pending" }));
    const raw = createRawClient({ apiKey: KEY, fetch, baseUrl: "http://127.0.0.1:4010/" });
    const { data } = await raw.GET("/api/v1/statusTask/{model}", {
      params: { path: { model: "flux-2" }, query: { taskId: "t1" } },
    });
    expect(data?.data.state).toBe("pending");
    expect(requests[0]?.url.href).toBe("http://127.0.0.1:4010/api/v1/statusTask/flux-2?taskId=t1");
  });

  it("resolves options like createApixo: env, and no header without a key", async () => {
    const { fetch, requests } = fakeFetch(() => envelope(1));
    const saved = { ...process.env };
    try {
      process.env.APIXO_API_KEY = "sk-from-env-0123456789";
      process.env.APIXO_BASE_URL = "http://localhost:4011";
      await createRawClient({ fetch }).GET("/api/v1/apikeys/current-balance");
      delete process.env.APIXO_API_KEY;
      await createRawClient({ fetch }).GET("/api/v1/apikeys/current-balance");
    } finally {
      process.env = saved;
    }
    expect(requests[0]?.url.origin).toBe("http://localhost:4011");
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer sk-from-env-0123456789");
    expect(requests[1]?.headers.has("authorization")).toBe(false);
  });

  it("refuses a plain http:// base URL to a non-loopback host, without showing the key", () => {
    let error: unknown;
    try {
      createRawClient({ apiKey: KEY, baseUrl: "http://api.apixo.ai" });
    } catch (caught) {
      error = caught;
    }
    expect(String((error as Error).message)).toMatch(/Refusing baseUrl http:\/\/api\.apixo\.ai/);
    expect(String((error as Error).message)).not.toContain(KEY);
  });

  it("keeps the key out of a network failure", async () => {
    const { fetch } = fakeFetch(() => {
      throw networkError("ECONNREFUSED");
    });
    const raw = createRawClient({ apiKey: KEY, fetch });
    const error = await raw.GET("/api/v1/apikeys/current-balance").catch((caught) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(`${error} ${error.cause}`).not.toContain(KEY);
  });
});
