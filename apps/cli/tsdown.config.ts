import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/bin.ts", "src/index.ts"],
  // ESM for the executable and for `import`; CommonJS so that `require("@apixo-ts/cli")` works too.
  format: ["esm", "cjs"],
  platform: "node",
  target: "node20",
  // `.js` for ESM (the package is ESM), `.cjs` for CommonJS; `bin` names dist/bin.js.
  fixedExtension: false,
  hash: false,
  // `import.meta.url` (to read package.json) in the CommonJS build.
  shims: true,
  dts: true,
  clean: true,
  sourcemap: false,
});
