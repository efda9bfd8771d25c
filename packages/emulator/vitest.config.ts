import { defineConfig } from "vitest/config";

// The tests start real servers and wait on scaled-down (but real) timers: allow for a busy machine.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
