import { describe, expect, it } from "vitest";
import { inProcess, SEED_BODY } from "./helpers.js";

const api = inProcess();
const input = SEED_BODY.input;

describe("submit validation against the contract", () => {
  it.each([
    [
      "an aspect ratio outside the enum",
      { input: { ...input, aspect_ratio: "7:1" } },
      /^input\.aspect_ratio must be one of: 1:1, 4:3, .*16:9/,
    ],
    [
      "a missing prompt",
      { input: { mode: "text-to-image" } },
      /^Missing required field: input\.prompt$/,
    ],
    ["a missing mode", { input: { prompt: "x" } }, /^Missing required field: input\.mode$/],
    [
      "an unknown mode",
      { input: { mode: "painting", prompt: "x" } },
      /^input\.mode must be one of: text-to-image, image-to-image$/,
    ],
    ["a missing input", { request_type: "async" }, /^Missing required field: input$/],
    ["a wrong type", { input: { ...input, prompt: 42 } }, /^input\.prompt must be string$/],
    [
      "an unknown request_type",
      { request_type: "sync", input },
      /^request_type must be one of: async, callback$/,
    ],
    [
      "callback without callback_url",
      { request_type: "callback", input },
      /^Missing required field: callback_url$/,
    ],
    [
      "an image URL that is not a URL",
      { input: { mode: "image-to-image", prompt: "x", image_urls: ["photo.jpg"] } },
      /^input\.image_urls\[0\] must be an absolute URL$/,
    ],
    [
      "an empty prompt",
      { input: { ...input, prompt: "" } },
      /^input\.prompt must NOT have fewer than 1 characters$/,
    ],
  ])("refuses %s with a 400 naming the field", async (_name, body, message) => {
    const { status, body: envelope } = await api.submit("nano-banana", body);
    expect(status).toBe(400);
    expect(envelope.code).toBe(400);
    expect(envelope.message).toBe("Invalid request");
    expect(envelope.data.error).toMatch(message);
  });

  it("refuses a body that is not JSON", async () => {
    const { status, body } = await api.submit("nano-banana", "{not json");
    expect(status).toBe(400);
    expect(body.data.error).toBe("The request body is not valid JSON");
  });

  it("refuses a plain-HTTP callback_url on a public host, but accepts loopback and HTTPS", async () => {
    // Callbacks go to an injected fetch: this test must not reach any network.
    const api = inProcess({
      callbacks: { fetch: async () => new Response(null, { status: 200 }) },
    });
    const refused = await api.submit("nano-banana", {
      request_type: "callback",
      callback_url: "http://example.com/hook",
      input,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.data.error).toMatch(/callback_url must be an HTTPS URL/);
    for (const callback_url of [
      "http://127.0.0.1:9/hook",
      "http://localhost:9/hook",
      "https://example.com/hook",
    ]) {
      const accepted = await api.submit("nano-banana", {
        request_type: "callback",
        callback_url,
        input,
      });
      expect(accepted.status, callback_url).toBe(200);
    }
  });

  it("accepts the seed's documented body", async () => {
    const { status, body } = await api.submit("nano-banana", SEED_BODY);
    expect(status).toBe(200);
    expect(body).toEqual({ code: 200, message: "success", data: { taskId: expect.any(String) } });
  });
});
