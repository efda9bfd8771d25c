import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startEmulator } from "@apixo-ts/emulator";
import { describe, expect, it } from "vitest";
import { createApixo, scaledClock } from "../../src/index.js";
import { DownloadError, downloadOutput, downloadTask } from "../../src/node/index.js";
import { scratchPerTest } from "./hostile-server.js";

// Downloads over real HTTP from the emulator's /files/ URLs, including its truncatedFile fault
// (full Content-Length announced, half the bytes sent, connection cut).
const poll = { initialDelayMs: 5, intervalMs: 5, maxIntervalMs: 20, factor: 1.5 };
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const scratch = scratchPerTest("apixo-download-");

async function withEmulator(
  files: { truncatedFile: number },
  test: (context: { url: string; stats: () => unknown }) => Promise<void>,
) {
  const emulator = await startEmulator({ timeScale: 0.001, seed: 7, faults: { files } });
  try {
    await test({ url: emulator.url, stats: emulator.stats });
  } finally {
    await emulator.close();
  }
}

describe("downloads from the emulator", () => {
  it("saves every output of a midjourney task as <taskId>-<n>.png", () =>
    withEmulator({ truncatedFile: 0 }, async ({ url }) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const task = await apixo.run(
        "midjourney",
        { mode: "text-to-image", prompt: "a fox" },
        { poll },
      );
      const paths = await downloadTask(task, scratch.dir);
      expect(paths).toEqual([1, 2, 3, 4].map((n) => join(scratch.dir, `${task.taskId}-${n}.png`)));
      for (const [index, path] of paths.entries()) {
        const bytes = await readFile(path);
        expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
        const served = new Uint8Array(
          await (await fetch(task.resultUrls[index] ?? "")).arrayBuffer(),
        );
        expect(bytes.equals(served)).toBe(true);
      }
    }));

  it("recovers from truncated transfers and writes complete files", () =>
    withEmulator({ truncatedFile: 0.5 }, async ({ url }) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const task = await apixo.run(
        "nano-banana",
        { mode: "text-to-image", prompt: "a fox" },
        { poll },
      );
      const [output] = task.resultUrls;
      if (!output) throw new Error("the emulator returned no output");
      const complete = new Uint8Array(await (await fetchWhole(output)).arrayBuffer());
      let requests = 0;
      const counting: typeof fetch = (input, init) => {
        requests++;
        return fetch(input, init);
      };
      // Download until at least one transfer was cut and resumed (half of the transfers are cut).
      let downloads = 0;
      while (requests === downloads && downloads < 20) {
        downloads++;
        const path = join(scratch.dir, `out-${downloads}.png`);
        // The pauses between attempts (250 ms × 2ⁿ) on a 100× faster clock.
        await downloadOutput(output, path, {
          retries: 8,
          fetch: counting,
          clock: scaledClock(0.01),
        });
        expect((await readFile(path)).equals(complete)).toBe(true);
      }
      expect(requests).toBeGreaterThan(downloads);
      expect((await readdir(scratch.dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
    }));

  it("gives up with a DownloadError after its retries and leaves no partial file", () =>
    withEmulator({ truncatedFile: 1 }, async ({ url }) => {
      const apixo = createApixo({ apiKey: "test-key", baseUrl: url });
      const task = await apixo.run(
        "nano-banana",
        { mode: "text-to-image", prompt: "a fox" },
        { poll },
      );
      const error = await downloadTask(task, scratch.dir, { retries: 1 }).catch((e: unknown) => e);
      expect(DownloadError.isInstance(error)).toBe(true);
      expect(await readdir(scratch.dir)).toEqual([]);
    }));
});

/** Reads a file until it arrives whole (the truncation fault is random per request). */
async function fetchWhole(url: string): Promise<Response> {
  for (;;) {
    const response = await fetch(url);
    const bytes = new Uint8Array(
      await response
        .clone()
        .arrayBuffer()
        .catch(() => new ArrayBuffer(0)),
    );
    if (bytes.byteLength === Number(response.headers.get("content-length"))) return response;
  }
}
