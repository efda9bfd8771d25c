// `pnpm bench` in miniature: every section runs with tiny parameters and yields every figure the
// full run reports, and the table renders it, so CI notices when the benchmark itself breaks.
// Figures here are not judged (performance targets live in `pnpm bench`, not in timed tests).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { benchBatch } from "../src/sections/batch.mjs";
import { benchBundle } from "../src/sections/bundle.mjs";
import { benchCliStartup } from "../src/sections/cli-startup.mjs";
import { benchDownload } from "../src/sections/download.mjs";
import { benchEmulatorThroughput } from "../src/sections/emulator-throughput.mjs";
import { benchOverhead } from "../src/sections/overhead.mjs";
import { benchWaiting } from "../src/sections/waiting.mjs";
import { markdownTable, resultRows } from "../src/table.mjs";

const results = {};
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
const positive = expect.any(Number);

describe("pnpm bench, quick", () => {
  it("bundle: ours and every anchor, min and gzip", async () => {
    results.bundle = await benchBundle();
    const packages = results.bundle.rows.map((row) => row.package);
    expect(packages).toEqual(["@apixo-ts/client", "replicate", "@fal-ai/client", "openai"]);
    for (const row of results.bundle.rows) {
      expect(row.gzipBytes).toBeGreaterThan(0);
      expect(row.minBytes).toBeGreaterThan(row.gzipBytes);
    }
  });

  it("overhead: client and bare fetch against one emulator", async () => {
    results.overhead = await benchOverhead({ calls: 120, rounds: 2, warmUp: 20 });
    expect(results.overhead).toMatchObject({
      clientMs: positive,
      fetchMs: positive,
      ratio: positive,
    });
  });

  it("waiting: the four schedules settle every task and count requests", async () => {
    // Each wait keeps its model's default deadline on the scaled clock: at 0.02 the tightest
    // (midjourney, ≤ 98 s of 180 s) still has 1.6 s of real slack for a stalled process on a busy
    // host (0.4 s at 0.005); the slowest task (sora-2, ≤ 300 s) takes 6 s.
    results.waiting = await benchWaiting({ tasks: 8, timeScale: 0.02, ownScales: false });
    expect(results.waiting.rows.map((row) => row.schedule)).toHaveLength(4);
    for (const row of results.waiting.rows) {
      expect(row).toMatchObject({ completed: 8, failed: 0 });
      expect(row.statusRequestsPerTask).toBeGreaterThanOrEqual(1);
    }
  });

  it("batch: both limits and polling mode, nothing lost or duplicated", async () => {
    // Polling at time scale 0.05: each wait's scaled default deadline is 6 s of wall time, room
    // for a busy host (0.01 left 1.2 s).
    results.batch = await benchBatch({
      tasks: 30,
      limit: 20,
      concurrency: 8,
      pollingTimeScale: 0.05,
    });
    const { allRequestsLimited, pollingDefaults } = results.batch;
    for (const run of [results.batch, allRequestsLimited, pollingDefaults]) {
      expect(run).toMatchObject({ fulfilled: 30, lost: 0, duplicateSubmits: 0 });
      expect(run.achievedShareOfLimit).toBeGreaterThan(0);
    }
  });

  it("CLI start-up: apixo --version against node -e 0", async () => {
    results.cliStartup = await benchCliStartup({ runs: 2 });
    expect(results.cliStartup).toMatchObject({ ratio: positive, version: expect.any(String) });
  });

  it("emulator: requests per second (Prism skipped here: it is fetched with npx)", async () => {
    results.emulator = await benchEmulatorThroughput({ seconds: 1, connections: 4, prism: false });
    expect(results.emulator.emulator.requestsPerSecond).toBeGreaterThan(0);
    expect(results.emulator.emulator.non2xx).toBe(0);
    expect(results.emulator.submit.emulator.requestsPerSecond).toBeGreaterThan(0);
    expect(results.emulator.submit.emulator.non2xx).toBe(0); // every submit valid and accepted
  });

  it.skipIf(!hasCurl)("download: client against curl, memory and throughput", async () => {
    results.download = await benchDownload({ megabytes: 8, runs: 1 });
    expect(results.download).toMatchObject({
      clientMBps: positive,
      curlMBps: positive,
      throughputShareOfCurl: positive,
      peakRssGrowthMB: positive,
    });
  });

  it("renders every section into the table, none failed", () => {
    const rows = resultRows(results);
    const areas = new Set(rows.map((row) => row.area));
    for (const area of ["bundle", "overhead", "waiting", "batch", "CLI start-up", "emulator"])
      expect(areas).toContain(area);
    expect(rows.filter((row) => row.value.startsWith("failed"))).toEqual([]);
    expect(markdownTable(rows)).toContain("| bundle");
  });
});
