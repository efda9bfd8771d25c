import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/bin.ts", "src/index.ts"],
  format: "esm",
  platform: "node",
  target: "node20",
  dts: true,
  clean: true,
  sourcemap: false,
});
