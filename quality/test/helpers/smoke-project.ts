// The files of the release smoke project: a consumer outside the workspace using the packed
// tarballs from ESM, CommonJS and TypeScript (node16 and bundler resolution).

const esm = `import { readFileSync } from "node:fs";
import { createApixo, TaskFailedError } from "@apixo-ts/client";
import { downloadTask } from "@apixo-ts/client/node";
import { startEmulator } from "@apixo-ts/emulator";
import { getModel, models } from "@apixo-ts/openapi";

const emulator = await startEmulator({ timeScale: 0.001, seed: 1 });
try {
  const apixo = createApixo({ apiKey: "smoke-key", baseUrl: emulator.url });
  const poll = { initialDelayMs: 10, intervalMs: 10, maxIntervalMs: 20 };
  const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "esm smoke" }, { poll });
  if (task.state !== "success" || task.resultUrls.length !== 1) throw new Error("unexpected task " + JSON.stringify(task));
  const [file] = await downloadTask(task, "out-esm");
  if (!readFileSync(file).subarray(1, 4).equals(Buffer.from("PNG"))) throw new Error("not a PNG: " + file);
  const failure = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "[fail:CONTENT_VIOLATION]" }, { poll }).catch((e) => e);
  if (!TaskFailedError.isInstance(failure)) throw new Error("expected TaskFailedError, got " + failure);
  if (models.length !== 19 || getModel("nano-banana")?.kind !== "image") throw new Error("contract models missing");
  console.log("esm ok");
} finally {
  await emulator.close();
}
`;

const cjs = `const { createApixo, ApixoError } = require("@apixo-ts/client");
const { startEmulator } = require("@apixo-ts/emulator");

(async () => {
  const emulator = await startEmulator({ timeScale: 0.001, seed: 2 });
  try {
    const apixo = createApixo({ apiKey: "smoke-key", baseUrl: emulator.url });
    const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "cjs smoke" }, { poll: { initialDelayMs: 10, intervalMs: 10 } });
    if (task.state !== "success") throw new Error("unexpected state " + task.state);
    const bad = await apixo.submit("nano-banana", { mode: "text-to-image" }).catch((e) => e);
    if (!ApixoError.isInstance(bad)) throw new Error("expected an ApixoError for a bad input");
    console.log("cjs ok");
  } finally {
    await emulator.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

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

const typedEsmOnly = `import { getModel, models } from "@apixo-ts/openapi";
export const count: number = models.length;
export const kind: "image" | "video" | "audio" | undefined = getModel("suno")?.kind;
`;

const typedCjs = `import client = require("@apixo-ts/client");
import emulator = require("@apixo-ts/emulator");

const apixo = client.createApixo({ apiKey: "k" });
export const handle: Promise<client.TaskHandle> = apixo.submit("nano-banana", { mode: "text-to-image", prompt: "x" });
export const start = emulator.startEmulator;
`;

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
    "ts/node16.mts": `${typed}\n${typedEsmOnly}`,
    "ts/node16.cts": typedCjs,
    "ts/bundler.ts": `${typed}\n${typedEsmOnly}`,
    "tsconfig.node16.json": JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        module: "node16",
        moduleResolution: "node16",
        target: "ES2022",
      },
      files: ["ts/node16.mts", "ts/node16.cts"],
    }),
    "tsconfig.bundler.json": JSON.stringify({
      compilerOptions: {
        ...compilerOptions,
        module: "esnext",
        moduleResolution: "bundler",
        target: "ES2022",
      },
      files: ["ts/bundler.ts"],
    }),
  };
}
