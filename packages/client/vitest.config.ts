import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Hang guards, not speed checks: a test that talks to an emulator or a socket server over real
    // HTTP can take seconds on a busy CI host. Speed is measured by `pnpm bench`.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Type tests (*.test-d.ts) run through tsc: a failing @ts-expect-error or expectTypeOf fails `test`.
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.typetest.json",
    },
  },
});
