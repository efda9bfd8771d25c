import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "@apixo-ts/emulator";
import { afterEach, beforeEach } from "vitest";
import { tempDir } from "./helpers.js";

/**
 * The per-test scratch of the `apixo batch` tests: a temporary directory (the CLI's cwd) and the
 * emulator a test starts with `start`, both removed after each test. Registers its own hooks.
 */
export function batchScratch() {
  let emulator: RunningEmulator | undefined;
  let dir: { path: string; cleanup(): Promise<void> } | undefined;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    await dir?.cleanup();
  });
  const running = (): RunningEmulator => {
    if (!emulator) throw new Error("no emulator: call start() first");
    return emulator;
  };
  const path = (): string => {
    if (!dir) throw new Error("no scratch directory outside a test");
    return dir.path;
  };
  return {
    /** The test's temporary directory. */
    path,
    /** Starts this test's emulator (closed after the test). */
    start: async (options: StartEmulatorOptions) => {
      emulator = await startEmulator(options);
      return emulator;
    },
    running,
    /** Task submits the emulator counted, over every model. */
    submits: () => Object.values(running().stats().submits).reduce((a, b) => a + b, 0),
    /** The CLI's environment: a key and the emulator as base URL. */
    env: () => ({ APIXO_API_KEY: "batch-key", APIXO_BASE_URL: running().url }),
    /** The handles file of `tasks.jsonl`. */
    handlesFile: () => join(path(), "tasks.jsonl.handles.jsonl"),
  };
}

/** Whether a file exists (and can be read). */
export const exists = async (file: string): Promise<boolean> =>
  readFile(file).then(
    () => true,
    () => false,
  );
