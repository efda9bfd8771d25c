import { defineConfig } from "tsdown";

// One build for the four entries: the portable core, the openapi-fetch client of the whole spec,
// the Node-only helpers and the webhooks toolkit. The core and `raw` run in browsers too (no Node
// built-ins in them); only `raw` imports openapi-fetch, so the core's bundle stays small.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    raw: "src/raw/index.ts",
    node: "src/node/index.ts",
    webhooks: "src/webhooks/index.ts",
  },
  format: ["esm", "cjs"],
  fixedExtension: false,
  dts: true,
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  clean: true,
  hash: false,
});
