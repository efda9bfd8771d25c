// CLI start-up: wall time of `apixo --version` against `node -e 0`, median of alternating runs.
import { spawnSync } from "node:child_process";
import { median, round } from "../lib/stats.mjs";

const bin = new URL("../../../apps/cli/dist/bin.js", import.meta.url).pathname;

function timeRun(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout.trim() };
}

export async function benchCliStartup({ runs = 15 } = {}) {
  const cli = [];
  const node = [];
  let version = "";
  timeRun([bin, "--version"]); // warm the file cache
  for (let i = 0; i < runs; i++) {
    const run = timeRun([bin, "--version"]);
    version = run.stdout;
    cli.push(run.ms);
    node.push(timeRun(["-e", "0"]).ms);
  }
  return {
    runs,
    version,
    cliMedianMs: round(median(cli)),
    nodeMedianMs: round(median(node)),
    ratio: round(median(cli) / median(node), 3),
  };
}
