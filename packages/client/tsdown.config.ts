import { defineConfig } from "tsdown";

// One build for the three entries: the portable core, the Node-only helpers and the webhooks
// toolkit. The core is built for browsers too (no Node built-ins in it).
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node/index.ts", webhooks: "src/webhooks/index.ts" },
  format: ["esm", "cjs"],
  fixedExtension: false,
  dts: true,
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  clean: true,
  hash: false,
});
