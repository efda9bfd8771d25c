import { defineConfig } from "tsdown";

// One build for both entries (two configs would race on `clean`). The bin keeps its shebang.
export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm", "cjs"],
  fixedExtension: false,
  dts: true,
  platform: "node",
  target: "node20",
  clean: true,
});
