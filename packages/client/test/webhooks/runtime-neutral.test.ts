import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CallbackSource } from "../../src/wait.js";
import { createCallbackHandler } from "../../src/webhooks/callback-handler.js";
import { createCallbackReceiver } from "../../src/webhooks/callback-receiver.js";
import { callbackRequest, envelope, fakeApixo, secret, successData } from "./helpers.js";

const root = join(import.meta.dirname, "../../src/webhooks");

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(directory, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(directory, entry.name)]
        : [],
  );
}

describe("the webhook toolkit runs on any Web-standard runtime", () => {
  it.each(sources(root).map((file) => [file.slice(root.length + 1), file]))(
    "%s uses no Node-only API",
    (_name, file) => {
      // Code only: TSDoc examples may well mention process.env or node:http.
      const text = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      expect(text).not.toMatch(/from "node:|require\(|\bBuffer\b|\bprocess\./);
    },
  );

  it("its receiver is a CallbackSource for apixo.wait", () => {
    const source: CallbackSource = createCallbackReceiver();
    expect(typeof source.waitFor).toBe("function");
  });

  it("tells the developer when a middleware consumed the body first", async () => {
    const handler = createCallbackHandler({ secret, apixo: fakeApixo({}) });
    const request = await callbackRequest(envelope(successData));
    await request.text();
    await expect(handler(request)).rejects.toThrow(/before any body parser/);
  });
});
