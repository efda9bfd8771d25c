// Bundle size of "create a client and run one task" with our client and the anchors' SDKs, each
// through the same esbuild settings (bundle, minify, browser ESM) and gzip -9.
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const benchDir = new URL("../..", import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** The same job in each SDK: make a client, start a generation and wait for its result. */
export const entries = {
  "@apixo-ts/client": `import { createApixo } from "@apixo-ts/client";
const apixo = createApixo({ apiKey: "key" });
export const result = apixo.run("nano-banana", { mode: "text-to-image", prompt: "a cat" });`,
  replicate: `import Replicate from "replicate";
const replicate = new Replicate({ auth: "key" });
export const result = replicate.run("black-forest-labs/flux-schnell", { input: { prompt: "a cat" } });`,
  "@fal-ai/client": `import { createFalClient } from "@fal-ai/client";
const fal = createFalClient({ credentials: "key" });
export const result = fal.subscribe("fal-ai/flux/schnell", { input: { prompt: "a cat" } });`,
  openai: `import OpenAI from "openai";
const openai = new OpenAI({ apiKey: "key", dangerouslyAllowBrowser: true });
export const result = openai.images.generate({ model: "gpt-image-1", prompt: "a cat" });`,
};

/** min+gz bytes of one entry. */
export async function bundleSize(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: benchDir, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

function versionOf(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    // Packages whose exports hide package.json: read it from the resolved entry's directory.
    const { readFileSync } = require("node:fs");
    const { dirname, join } = require("node:path");
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        if (pkg.name === name) return pkg.version;
      } catch {}
    }
    return "unknown";
  }
}

export async function benchBundle() {
  const rows = [];
  for (const [name, source] of Object.entries(entries)) {
    const size = await bundleSize(source);
    rows.push({ package: name, version: versionOf(name), ...size });
  }
  const ours = rows[0].gzipBytes;
  if (!(ours < Math.min(...rows.slice(1).map((row) => row.gzipBytes)))) {
    process.stderr.write("bench: bundle: @apixo-ts/client is not smaller than every anchor\n");
  }
  const smallestAnchor = Math.min(...rows.slice(1).map((row) => row.gzipBytes));
  return {
    settings:
      "esbuild 0.28.2: bundle, minify, format esm, platform browser, target es2022; gzip -9",
    note: "openai 6.49.0 is the newest release whose engines allow Node 20 (7.x declares node >=22)",
    rows,
    oursGzipBytes: ours,
    smallestAnchorGzipBytes: smallestAnchor,
  };
}
