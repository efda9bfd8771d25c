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

/** Bundles the entry; with `withoutFetchClient`, openapi-fetch is replaced by an empty stub. */
async function gzippedSize(withoutFetchClient) {
  const stub = {
    name: "stub-openapi-fetch",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^openapi-fetch$/ }, () => ({
        path: "openapi-fetch",
        namespace: "stub",
      }));
      pluginBuild.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
        contents: "export default () => ({});",
      }));
    },
  };
  const result = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "size-entry.ts", loader: "ts" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "error",
    plugins: withoutFetchClient ? [stub] : [],
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const total = await gzippedSize(false);
const own = await gzippedSize(true);
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const line =
  `size: createApixo + run = ${kb(total.gzipped)} min+gz (${total.minified} B min): ` +
  `client code ${kb(own.gzipped)}, openapi-fetch ${kb(total.gzipped - own.gzipped)}; budget ${kb(LIMIT_BYTES)}`;
if (total.gzipped > LIMIT_BYTES) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
