import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecret } from "../src/callback-secret.js";
import { DEFAULTS, readConfig } from "../src/config.js";

describe("readConfig", () => {
  it.each([
    [
      "defaults: emulator speed without a key",
      {},
      { port: 3000, host: "127.0.0.1", dataDir: resolve(DEFAULTS.dataDir), timeScale: 0.05 },
    ],
    ["a key means real APIXO at real speed", { APIXO_API_KEY: "k" }, { apiKey: "k", timeScale: 1 }],
    [
      "explicit values win",
      {
        PORT: "0",
        HOST: "0.0.0.0",
        DATA_DIR: "/tmp/x",
        TIME_SCALE: "0.2",
        PUBLIC_URL: "https://demo.example/",
      },
      {
        port: 0,
        host: "0.0.0.0",
        dataDir: "/tmp/x",
        timeScale: 0.2,
        publicUrl: "https://demo.example",
      },
    ],
    [
      "empty strings count as unset",
      { APIXO_API_KEY: "", PORT: "" },
      { port: 3000, timeScale: 0.05 },
    ],
  ])("%s", (_name, env, want) => {
    const config = readConfig(env);
    expect(config).toMatchObject(want);
    if (!("apiKey" in want)) expect(config.apiKey).toBeUndefined();
  });

  it.each([
    ["PORT", { PORT: "http" }, /PORT/],
    ["PORT range", { PORT: "70000" }, /PORT/],
    ["TIME_SCALE", { TIME_SCALE: "-1" }, /TIME_SCALE/],
    ["PUBLIC_URL", { PUBLIC_URL: "ftp://x" }, /PUBLIC_URL/],
    ["CALLBACK_SECRET", { CALLBACK_SECRET: "short" }, /CALLBACK_SECRET/],
  ])("refuses a bad %s with a message naming it", (_name, env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it("never echoes the API key", () => {
    expect(() => readConfig({ APIXO_API_KEY: "sk-secret-value", PORT: "nope" })).toThrow(
      /^(?!.*sk-secret-value)/,
    );
  });
});

describe("loadOrCreateSecret", () => {
  it("creates a private secret once and returns the same one afterwards", () => {
    const dir = mkdtempSync(join(tmpdir(), "apixo-demo-secret-"));
    try {
      const first = loadOrCreateSecret(dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(loadOrCreateSecret(dir)).toBe(first);
      expect(readFileSync(join(dir, "callback-secret"), "utf8").trim()).toBe(first);
      expect(statSync(join(dir, "callback-secret")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
