#!/usr/bin/env node
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Size budget: an app that imports createApixo and calls run, bundled by esbuild for browsers
// (ESM, minified), must stay within 6 KB after gzip -9. Prints the figure; exits 1 above it.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const LIMIT_BYTES = 6 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const entry = `
import { createApixo } from "./src/index.ts";
const apixo = createApixo({ apiKey: "key" });
const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "A red fox" });
console.log(task.resultUrls);
`;

const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "size-entry.ts", loader: "ts" },
  bundle: true,
  minify: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  write: false,
  logLevel: "error",
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const line = `size: createApixo + run = ${(gzipped / 1024).toFixed(2)} KB min+gz (${code.length} B min), budget ${LIMIT_BYTES / 1024} KB`;
if (gzipped > LIMIT_BYTES) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
