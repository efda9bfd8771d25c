#!/usr/bin/env node
// Runs every workspace test through turbo, then sums the vitest JSON reports into the single
// closing line CI reads: `N passed, N failed`. Exits non-zero when a test failed or none ran.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaceDirs = ["openapi", "bench", "quality"]
  .concat(
    ...["packages", "apps"].map((group) => {
      const dir = join(root, group);
      return existsSync(dir) ? readdirSync(dir).map((name) => join(group, name)) : [];
    }),
  )
  .map((dir) => join(root, dir));
const reports = workspaceDirs.map((dir) => join(dir, ".vitest", "report.json"));

// Stale reports from an earlier run must not be counted; turbo restores cached ones.
for (const report of reports) rmSync(report, { force: true });

const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "test", "--continue", ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
/** One line per failed test or failed file, printed again at the end so a CI log's tail names them. */
const failures = [];
for (const report of reports) {
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  for (const file of json.testResults ?? []) {
    const where = file.name?.startsWith(root) ? file.name.slice(root.length) : file.name;
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failedTests) {
      const reason = String(test.failureMessages?.[0] ?? "").split("\n")[0];
      failures.push(`${where} > ${test.fullName}: ${reason.slice(0, 300)}`);
    }
    if (failedTests.length === 0 && file.status === "failed") {
      failures.push(
        `${where}: ${String(file.message ?? "failed")
          .split("\n")[0]
          .slice(0, 300)}`,
      );
    }
  }
  passed += json.numPassedTests ?? 0;
  const failedHere = (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
  // An unhandled error fails the run without failing a test: count it, so it cannot pass unseen.
  failed += failedHere === 0 && json.success === false ? 1 : failedHere;
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (turbo.status !== 0 && failed === 0) failed = 1; // a task crashed before its report was written
if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const line of failures) console.log(`  FAIL ${line}`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
