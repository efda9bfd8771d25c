// The files of the release smoke project: a consumer outside the workspace using the packed
// tarballs from ESM, CommonJS and TypeScript (node16 and bundler resolution).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cjs, cliCjs, cliEsm, esm, rawCjs } from "./smoke-scripts.js";
import { describeRun, run } from "./workspace.js";

const typed = `import { createApixo, RateLimitError, type Task, type TaskHandle } from "@apixo-ts/client";
import { startEmulator } from "@apixo-ts/emulator";

const apixo = createApixo({ apiKey: "k" });
export const task: Promise<Task> = apixo.run("nano-banana", { mode: "text-to-image", prompt: "x", aspect_ratio: "16:9" });
// @ts-expect-error "7:3" is not an aspect ratio nano-banana offers: the per-model types shipped
export const wrong = apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x", aspect_ratio: "7:3" });
export const loose: Promise<TaskHandle> = apixo.submit("a-model-from-next-week", { anything: true });
export const isRateLimit: (error: unknown) => boolean = (error) => RateLimitError.isInstance(error);
export const start: typeof startEmulator = startEmulator;
`;

// The subpaths and the CLI library, typed the same way from node16 ESM and bundler resolution.
const typedEntryPoints = `import { type CliIo, cliVersion, ExitCode, main } from "@apixo-ts/cli";
import { createApixo } from "@apixo-ts/client";
import { type DownloadOptions, downloadTask } from "@apixo-ts/client/node";
import { createRawClient, type RawClient } from "@apixo-ts/client/raw";
import { type CallbackHandler, createCallbackHandler, verifyCallback } from "@apixo-ts/client/webhooks";

const io: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: "." };
export const exitCode: Promise<number> = main(["--version"], io);
export const okCode: 0 = ExitCode.ok;
export const version: string = cliVersion();
// @ts-expect-error main takes argv as strings
export const badArgv = main([42], io);
const downloadOptions: DownloadOptions = { retries: 3 };
export const files: Promise<string[]> = downloadTask(
  { model: "nano-banana", taskId: "t", state: "success", createTime: 0, resultUrls: [] },
  "out",
  downloadOptions,
);
export const raw: RawClient = createRawClient({ apiKey: "k" });
export const balance = raw.GET("/api/v1/apikeys/current-balance");
export const handler: CallbackHandler = createCallbackHandler({ secret: "s".repeat(32), apixo: createApixo() });
export const ref: Promise<string> = verifyCallback("https://x.test/", { secret: "s" }).then((v) => v.ref);
`;

const typedEsmOnly = `import { getModel, models } from "@apixo-ts/openapi";
export const count: number = models.length;
export const kind: "image" | "video" | "audio" | undefined = getModel("suno")?.kind;
`;

const typedCjs = `import client = require("@apixo-ts/client");
import emulator = require("@apixo-ts/emulator");
import cli = require("@apixo-ts/cli");
import node = require("@apixo-ts/client/node");
import raw = require("@apixo-ts/client/raw");
import webhooks = require("@apixo-ts/client/webhooks");

const apixo = client.createApixo({ apiKey: "k" });
export const handle: Promise<client.TaskHandle> = apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x" });
export const start = emulator.startEmulator;
export const exitCode: Promise<number> = cli.main(["--version"], cli.nodeIo());
export const download: typeof node.downloadOutput = node.downloadOutput;
export const rawClient: raw.RawClient = raw.createRawClient({ apiKey: "k" });
export const url: Promise<string> = webhooks.createCallbackUrl("https://x.test/", { secret: "s".repeat(32) });
`;

/** The two lines `apixo batch` runs against the emulator bin. */
const batchLines = [
  { model: "nano-banana", input: { mode: "text-to-image", prompt: "batch line one" } },
  {
    model: "nano-banana",
    input: { mode: "text-to-image", prompt: "batch line two", output_format: "jpeg" },
  },
]
  .map((line) => JSON.stringify(line))
  .join("\n");

/** File name → content. `typeRoots` points at the workspace's @types (for @types/node). */
export function smokeFiles(typeRoots: string): Record<string, string> {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [typeRoots],
    lib: ["ES2022", "DOM"],
  };
  return {
    "esm.mjs": esm,
    "cjs.cjs": cjs,
    "raw.cjs": rawCjs,
    "cli-esm.mjs": cliEsm,
    "cli-cjs.cjs": cliCjs,
    "batch.jsonl": batchLines,
    "ts/node16.mts": `${typed}\n${typedEsmOnly}`,
    "ts/node16-entry-points.mts": typedEntryPoints,
    "ts/node16.cts": typedCjs,
    "ts/bundler.ts": `${typed}\n${typedEsmOnly}`,
    "ts/bundler-entry-points.ts": typedEntryPoints,
    "tsconfig.node16.json": JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        module: "node16",
        moduleResolution: "node16",
        target: "ES2022",
      },
      files: ["ts/node16.mts", "ts/node16-entry-points.mts", "ts/node16.cts"],
    }),
    "tsconfig.bundler.json": JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        module: "esnext",
        moduleResolution: "bundler",
        target: "ES2022",
      },
      files: ["ts/bundler.ts", "ts/bundler-entry-points.ts"],
    }),
  };
}

/**
 * Writes the smoke project into `project` (a package.json depending on the tarballs, with
 * `overrides` so their own dependencies on each other resolve to the tarballs too, plus
 * {@link smokeFiles}) and installs it with npm.
 */
export function createSmokeProject(
  project: string,
  tarballs: ReadonlyMap<string, string>,
  typeRoots: string,
): void {
  mkdirSync(project, { recursive: true });
  const deps = Object.fromEntries(
    [...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]),
  );
  const manifest = { name: "apixo-smoke", private: true, version: "1.0.0", dependencies: deps };
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ ...manifest, overrides: deps }, null, 2),
  );
  for (const [file, content] of Object.entries(smokeFiles(typeRoots))) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), content);
  }
  const install = run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: project },
  );
  if (install.status !== 0) throw new Error(`npm install failed: ${describeRun(install)}`);
}
