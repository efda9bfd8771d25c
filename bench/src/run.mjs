#!/usr/bin/env node
// `pnpm bench`: runs every benchmark in this one process tree (emulators, Prism, curl and the
// download client are child processes), prints a Markdown table and writes bench/results.json.
// `node src/run.mjs --only bundle,overhead` re-runs a subset and keeps the other sections' figures.
import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { markdownTable, resultRows } from "./table.mjs";

// Loaded lazily, so a section whose package is not built fails alone.
const SECTIONS = {
  bundle: () => import("./sections/bundle.mjs").then((m) => m.benchBundle()),
  overhead: () => import("./sections/overhead.mjs").then((m) => m.benchOverhead()),
  waiting: () => import("./sections/waiting.mjs").then((m) => m.benchWaiting()),
  batch: () => import("./sections/batch.mjs").then((m) => m.benchBatch()),
  cliStartup: () => import("./sections/cli-startup.mjs").then((m) => m.benchCliStartup()),
  emulator: () =>
    import("./sections/emulator-throughput.mjs").then((m) => m.benchEmulatorThroughput()),
  download: () => import("./sections/download.mjs").then((m) => m.benchDownload()),
};

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(",") : Object.keys(SECTIONS);
const unknown = only.filter((name) => !(name in SECTIONS));
if (unknown.length) {
  console.error(
    `unknown section(s): ${unknown.join(", ")}; known: ${Object.keys(SECTIONS).join(", ")}`,
  );
  process.exit(2);
}

const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();

const resultsPath = new URL("../results.json", import.meta.url);
// `--only` refreshes those sections and keeps the others from the last run (each section carries
// the date and commit it was measured at).
const previous =
  onlyIndex > 0 && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, "utf8")) : {};
const results = {
  ...previous,
  date: new Date().toISOString(),
  commit,
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
};
let failures = 0;
const started = Date.now();
for (const name of only) {
  const sectionStarted = Date.now();
  process.stderr.write(`bench: ${name} ...\n`);
  try {
    results[name] = { ...(await SECTIONS[name]()), measuredAt: new Date().toISOString(), commit };
  } catch (error) {
    failures++;
    results[name] = { error: String(error?.message ?? error) };
    console.error(`bench: ${name} failed:`, error);
  }
  process.stderr.write(
    `bench: ${name} done in ${((Date.now() - sectionStarted) / 1000).toFixed(1)} s\n`,
  );
}
results.totalSeconds = Math.round((Date.now() - started) / 1000);

writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(markdownTable(resultRows(results)));
console.log(
  `\n${results.cpus}, Node ${results.node}, commit ${commit}, ${results.totalSeconds} s. Figures: bench/results.json`,
);
process.exit(failures ? 1 : 0);
