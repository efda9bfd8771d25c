import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // The sections run in order and share `results`; each starts its own child processes.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
