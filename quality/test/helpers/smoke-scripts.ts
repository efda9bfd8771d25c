// The run-time scripts of the release smoke project (see smoke-project.ts): a consumer outside
// the workspace using every entry point of the packed tarballs from ESM and from CommonJS.

/** ESM: client (run, failure), client/node, client/webhooks (a signed callback round trip), client/raw, emulator, openapi. */
export const esm = `import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createApixo, TaskFailedError } from "@apixo-ts/client";
import { downloadTask } from "@apixo-ts/client/node";
import { createRawClient } from "@apixo-ts/client/raw";
import { createCallbackHandler, createCallbackUrl, toNodeHandler } from "@apixo-ts/client/webhooks";
import { startEmulator } from "@apixo-ts/emulator";
import { getModel, models } from "@apixo-ts/openapi";

const emulator = await startEmulator({ timeScale: 0.001, seed: 1 });
const receiver = createServer();
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

  // Webhooks: the emulator POSTs to a signed URL served by toNodeHandler(createCallbackHandler()).
  const secret = "esm-smoke-secret-0123456789abcdef";
  const reported = [];
  const handler = createCallbackHandler({ secret, apixo, onTask: (t) => void reported.push(t.taskId) });
  receiver.on("request", toNodeHandler(handler));
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const callbackUrl = await createCallbackUrl("http://127.0.0.1:" + receiver.address().port + "/hook", { secret, model: "nano-banana" });
  const called = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "esm callback" }, { callbackUrl, callback: handler.receiver, poll: { initialDelayMs: 5000 } });
  await handler.idle();
  if (called.state !== "success" || reported.join() !== called.taskId) throw new Error("callback not reported: " + reported);

  // Raw: the typed openapi-fetch client.
  const raw = createRawClient({ apiKey: "smoke-key", baseUrl: emulator.url });
  const { data, error } = await raw.GET("/api/v1/apikeys/current-balance");
  if (error || typeof data?.data !== "number") throw new Error("raw balance failed: " + JSON.stringify(error));
  console.log("esm ok");
} finally {
  receiver.close();
  await emulator.close();
}
`;

/** CommonJS: client, client/node and client/webhooks through require() (client/raw: rawCjs). */
export const cjs = `const { readFileSync } = require("node:fs");
const { createApixo, ApixoError } = require("@apixo-ts/client");
const { downloadTask, DownloadError } = require("@apixo-ts/client/node");
const { createCallbackUrl, verifyCallback, parseCallback, InvalidCallbackError } = require("@apixo-ts/client/webhooks");
const { startEmulator } = require("@apixo-ts/emulator");

(async () => {
  const emulator = await startEmulator({ timeScale: 0.001, seed: 2 });
  try {
    const apixo = createApixo({ apiKey: "smoke-key", baseUrl: emulator.url });
    const task = await apixo.run("nano-banana", { mode: "text-to-image", prompt: "cjs smoke", output_format: "jpeg" }, { poll: { initialDelayMs: 10, intervalMs: 10 } });
    if (task.state !== "success") throw new Error("unexpected state " + task.state);
    const bad = await apixo.submit("nano-banana", { mode: "text-to-image" }).catch((e) => e);
    if (!ApixoError.isInstance(bad)) throw new Error("expected an ApixoError for a bad input");

    const [file] = await downloadTask(task, "out-cjs");
    const bytes = readFileSync(file);
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("not a JPEG: " + file);
    if (typeof DownloadError.isInstance !== "function") throw new Error("DownloadError missing");

    const secret = "cjs-smoke-secret-0123456789abcdef";
    const url = await createCallbackUrl("https://example.test/hook", { secret, ref: "order-7" });
    const verified = await verifyCallback(url, { secret });
    if (verified.ref !== "order-7") throw new Error("verifyCallback lost the ref");
    const tampered = await verifyCallback(url.replace("order-7", "order-8"), { secret }).catch((e) => e);
    if (!InvalidCallbackError.isInstance(tampered)) throw new Error("a tampered URL verified");
    const status = await fetch(emulator.url + "/api/v1/statusTask/nano-banana?taskId=" + task.taskId, { headers: { authorization: "Bearer smoke-key" } }).then((r) => r.text());
    const parsed = parseCallback(status, { model: "nano-banana" });
    if (parsed.taskId !== task.taskId || parsed.resultUrls[0] !== task.resultUrls[0]) throw new Error("parseCallback disagrees");
    console.log("cjs ok");
  } finally {
    await emulator.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** CommonJS: client/raw through require(), a status read with the openapi-fetch client. */
export const rawCjs = `const { createApixo } = require("@apixo-ts/client");
const { createRawClient } = require("@apixo-ts/client/raw");
const { startEmulator } = require("@apixo-ts/emulator");

(async () => {
  const emulator = await startEmulator({ timeScale: 0.001, seed: 3 });
  try {
    const { taskId } = await createApixo({ apiKey: "smoke-key", baseUrl: emulator.url }).submit("nano-banana", { mode: "text-to-image", prompt: "raw smoke" });
    const raw = createRawClient({ apiKey: "smoke-key", baseUrl: emulator.url });
    const { data, error } = await raw.GET("/api/v1/statusTask/{model}", { params: { path: { model: "nano-banana" }, query: { taskId } } });
    if (error || data?.data?.taskId !== taskId) throw new Error("raw status failed: " + JSON.stringify(error));
    console.log("raw cjs ok");
  } finally {
    await emulator.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** The CLI as a library, ESM: main() in-process with its own I/O (--version, run --emulator --json). */
export const cliEsm = `import { cliVersion, ExitCode, main } from "@apixo-ts/cli";

const capture = () => {
  const chunks = [];
  return { write: (chunk) => void chunks.push(chunk), text: () => chunks.join("") };
};
const stdout = capture();
const io = { stdout, stderr: capture(), env: { XDG_STATE_HOME: "state-esm" }, cwd: process.cwd() };
if ((await main(["--version"], io)) !== ExitCode.ok || stdout.text().trim() !== cliVersion())
  throw new Error("--version: " + stdout.text());
const run = capture();
const code = await main(["run", "nano-banana", "--prompt", "library smoke", "--emulator", "--time-scale", "0.001", "--json"], { ...io, stdout: run });
const result = JSON.parse(run.text());
if (code !== ExitCode.ok || result.ok !== true) throw new Error("run --emulator: " + code + " " + run.text());
console.log("cli esm ok " + cliVersion());
`;

/** The CLI as a library, CommonJS: require() and main() (models --json, a usage error). */
export const cliCjs = `const { cliVersion, ExitCode, main, nodeIo } = require("@apixo-ts/cli");

const capture = () => {
  const chunks = [];
  return { write: (chunk) => void chunks.push(chunk), text: () => chunks.join("") };
};
(async () => {
  if (typeof nodeIo !== "function") throw new Error("nodeIo missing");
  const stdout = capture();
  const stderr = capture();
  const io = { stdout, stderr, env: {}, cwd: process.cwd() };
  const code = await main(["models", "--json"], io);
  const models = JSON.parse(stdout.text()).models;
  if (code !== ExitCode.ok || models.length !== 19) throw new Error("models --json: " + code);
  if ((await main(["no-such-command"], io)) !== ExitCode.usage) throw new Error("expected a usage error");
  console.log("cli cjs ok " + cliVersion());
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
