import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the main entry", () => {
  it("bundles for browsers with no Node built-in", async () => {
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
    // Environment variables are read defensively, through globalThis.
    expect(code).not.toMatch(/[^.\w]process\.env/);
  });

  it("keeps the Node-only helpers in their own entry", async () => {
    const result = await build({
      entryPoints: [`${root}src/node/index.ts`],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.outputFiles[0]?.text).toMatch(/node:fs/);
  });
});
