import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The crash and browser tests spawn processes; keep files sequential on the 2-core machine.
    fileParallelism: false,
  },
});
