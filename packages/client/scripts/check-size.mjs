#!/usr/bin/env node
// Size budget: an app that imports createApixo and calls run, bundled by esbuild for browsers
// (ESM, minified), must stay within 6 KB after gzip -9. Prints the figure; exits 1 above it, or
// when a dependency (openapi-fetch belongs to `@apixo-ts/client/raw` only) leaks into the bundle.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
  write: false,
  metafile: true,
  logLevel: "error",
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const dependencies = Object.keys(result.metafile.inputs).filter((input) =>
  input.includes("node_modules"),
);

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const line = `size: createApixo + run = ${kb(gzipped)} min+gz (${code.length} B min); budget ${kb(LIMIT_BYTES)}`;
if (dependencies.length > 0) {
  console.error(`${line}: the main entry bundles dependencies (${dependencies.join(", ")})`);
  process.exit(1);
}
if (gzipped > LIMIT_BYTES) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
