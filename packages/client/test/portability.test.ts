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

  it("leaves openapi-fetch to the raw entry", async () => {
    const bundle = (entry: string) =>
      build({
        entryPoints: [`${root}${entry}`],
        bundle: true,
        platform: "browser",
        format: "esm",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
    const inputs = async (entry: string) => Object.keys((await bundle(entry)).metafile.inputs);
    expect(
      (await inputs("src/index.ts")).filter((input) => input.includes("node_modules")),
    ).toEqual([]);
    expect(await inputs("src/raw/index.ts")).toContainEqual(expect.stringMatching(/openapi-fetch/));
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
