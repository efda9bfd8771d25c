// Emulator throughput: autocannon on statusTask and on generateTask (a validated submit) against our emulator (own process) and against
// Prism's mock of the same bundled spec (run through npx at bench time: Prism 5.16.0 declares
// node >=24.18 in its engines, so it cannot be a workspace dependency under engineStrict).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import autocannon from "autocannon";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { round } from "../lib/stats.mjs";

const API_KEY = "bench-key";
const PRISM = "@stoplight/prism-cli@5.16.0";
const specPath = new URL("../../../openapi/dist/apixo.json", import.meta.url).pathname;

const SUBMIT_BODY = JSON.stringify({
  request_type: "async",
  input: { mode: "text-to-image", prompt: "bench" },
});

/** autocannon against `url`; with `body`, a JSON POST (a submit) instead of a GET. */
function load(url, { seconds, connections, body }) {
  const headers = { authorization: `Bearer ${API_KEY}` };
  const post = body
    ? { method: "POST", body, headers: { ...headers, "content-type": "application/json" } }
    : {};
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers, ...post }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** statusTask and generateTask (validated submit) against one server at `base`. */
async function loadBoth(base, taskId, options) {
  const status = `${base}/api/v1/statusTask/nano-banana?taskId=${taskId}`;
  const submit = `${base}/api/v1/generateTask/nano-banana`;
  await load(status, { ...options, seconds: 1 }); // warm-up
  const statusResult = summary(await load(status, options));
  await load(submit, { ...options, seconds: 1, body: SUBMIT_BODY });
  const submitResult = summary(await load(submit, { ...options, body: SUBMIT_BODY }));
  return { status: statusResult, submit: submitResult };
}

const summary = (result) => ({
  requestsPerSecond: round(result.requests.average, 0),
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
});

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPrism() {
  const port = await freePort();
  const child = spawn(
    "npx",
    ["-y", PRISM, "mock", "-p", String(port), "-h", "127.0.0.1", "-v", "silent", specPath],
    {
      stdio: ["ignore", "ignore", "pipe"],
      detached: true, // its own process group, so closing it also ends npx's child
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000; // the first run downloads Prism
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`prism exited ${child.exitCode}: ${stderr.slice(-500)}`);
    try {
      await fetch(`${url}/api/v1/apikeys/current-balance`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      return { url, close: () => process.kill(-child.pid, "SIGTERM") };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  process.kill(-child.pid, "SIGTERM");
  throw new Error(`prism did not start within 180 s: ${stderr.slice(-500)}`);
}

export async function benchEmulatorThroughput({
  seconds = 8,
  connections = 50,
  prism: withPrism = true,
} = {}) {
  const emulator = await startEmulatorProcess({ timeScale: 0.001, seed: 1, balanceUsd: 1e9 });
  let ours;
  let taskId;
  try {
    const submit = await fetch(`${emulator.url}/api/v1/generateTask/nano-banana`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: SUBMIT_BODY,
    });
    taskId = (await submit.json()).data.taskId;
    ours = await loadBoth(emulator.url, taskId, { seconds, connections });
  } finally {
    await emulator.close();
  }
  let prism = { status: { skipped: true }, submit: { skipped: true } };
  if (withPrism)
    try {
      const server = await startPrism();
      try {
        prism = await loadBoth(server.url, taskId, { seconds, connections });
      } finally {
        server.close();
      }
    } catch (error) {
      const failed = { error: String(error.message ?? error) };
      prism = { status: failed, submit: failed };
    }
  const ratio = (endpoint) =>
    prism[endpoint].requestsPerSecond
      ? round(ours[endpoint].requestsPerSecond / prism[endpoint].requestsPerSecond, 2)
      : null;
  return {
    tool: "autocannon 9.0.0",
    seconds,
    connections,
    endpoint: "GET /api/v1/statusTask/nano-banana",
    emulator: ours.status,
    prism: { version: PRISM, ...prism.status },
    ratio: ratio("status"),
    // The submit path: body parsing, validation against the contract's schema, task creation.
    submit: {
      endpoint: "POST /api/v1/generateTask/nano-banana",
      emulator: ours.submit,
      prism: { version: PRISM, ...prism.submit },
      ratio: ratio("submit"),
    },
  };
}
