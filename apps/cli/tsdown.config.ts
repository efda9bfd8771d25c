import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/bin.ts", "src/index.ts"],
  format: "esm",
  platform: "node",
  target: "node20",
  // `.js`/`.d.ts` (the package is ESM): `bin` and `exports` name dist/bin.js and dist/index.js.
  fixedExtension: false,
  hash: false,
  dts: true,
  clean: true,
  sourcemap: false,
});
