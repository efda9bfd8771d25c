// Batch: N tasks through the batch runner against an emulator that limits task creation to L
// submits/s per key, as real APIs of this kind do (Replicate: 600 creations/min, 3,000 other
// requests/min), with a separate, wider limit on all requests. A second run limits ALL requests to
// L/s, the strictest reading: each task also costs one confirming status read there (a callback
// body is never trusted), so submits alone can reach at most half of it.
// Callback mode (the configuration a heavy user picks). Figures come from the emulator's stats.
import * as client from "@apixo-ts/client";
import { startCallbackReceiver } from "../lib/callback-receiver.mjs";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { round } from "../lib/stats.mjs";

const API_KEY = "bench-key";

/** The two limits the batch runs against. */
export const BATCH_LIMITS = {
  // Task creation limited to `limit`/s; every request (submits and reads) to 5 × `limit`/s.
  submits: (limit) => ({
    submitsPerSecond: limit,
    submitBurst: limit,
    requestsPerSecond: 5 * limit,
  }),
  // Every request limited to `limit`/s.
  allRequests: (limit) => ({ requestsPerSecond: limit, burst: limit }),
};

export async function benchBatch({
  tasks = 1000,
  limit = 50,
  concurrency = 64,
  timeScale = 0.001,
  pollingTimeScale = 0.01,
} = {}) {
  const submitLimited = await runBatch({ tasks, limit, concurrency, timeScale, scope: "submits" });
  const allRequestsLimited = await runBatch({
    tasks,
    limit,
    concurrency,
    timeScale,
    scope: "allRequests",
  });
  // Polling mode with the client's default options (maxRetries 2), on a clock scaled like the
  // emulator so the default schedule keeps its shape: the setup of a user who has no callback URL.
  // Time scale 0.01, not 0.001: at 0.001 a millisecond of event-loop delay is a second of the
  // task's scaled deadline, and the run would measure this machine's jitter. (The quick test in CI
  // uses a larger scale still: a deadline of 120 s is 1.2 s of wall time at 0.01.)
  const pollingDefaults = await runBatch({
    tasks,
    limit,
    concurrency,
    timeScale: pollingTimeScale,
    scope: "submits",
    polling: true,
  });
  return { ...submitLimited, allRequestsLimited, pollingDefaults };
}

async function runBatch({ tasks, limit, concurrency, timeScale, scope, polling = false }) {
  const rateLimit = BATCH_LIMITS[scope](limit);
  const emulator = await startEmulatorProcess({
    timeScale,
    seed: 3,
    balanceUsd: 1_000_000,
    rateLimit,
  });
  const receiver = polling ? undefined : await startCallbackReceiver();
  try {
    // The batch sends its submits with maxRetries 0 itself, so every 429 reaches its rate
    // controller; the client's own maxRetries applies to status reads only.
    const apixo = client.createApixo({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      ...(polling ? { clock: client.scaledClock(timeScale) } : { maxRetries: 0 }),
    });
    const items = Array.from({ length: tasks }, (_, i) => ({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: `batch item ${i}` },
      callbackUrl: receiver?.url,
    }));
    const submittedAt = [];
    const started = Date.now();
    const outcomes = await client.batch(apixo, items, {
      concurrency,
      wait: polling ? {} : { callback: receiver.source, timeoutMs: 120_000 },
      onSubmit: () => {
        submittedAt.push(Date.now());
      },
    });
    const elapsedMs = Date.now() - started;
    const stats = await emulator.stats();
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled").length;
    const handles = new Set(outcomes.filter((o) => o.handle).map((o) => o.handle.taskId));
    // A token bucket lets through at most `burst + rate × span` submits in a span: the achieved
    // share is measured against that allowance, so the initial burst does not flatter the rate.
    const submitSpanS = (Math.max(...submittedAt) - Math.min(...submittedAt)) / 1000;
    const burst = rateLimit.submitBurst ?? rateLimit.burst;
    const counts = emulatorCounts(stats);
    return {
      tasks,
      limitPerSecond: limit,
      limits: rateLimit,
      limitedScope: scope === "submits" ? "task creation (submits)" : "all requests",
      concurrency,
      mode: polling ? "polling, default client options" : "callback",
      elapsedS: round(elapsedMs / 1000, 1),
      fulfilled,
      achievedSubmitRate: round(submittedAt.length / submitSpanS, 1),
      achievedShareOfLimit: round(submittedAt.length / (burst + limit * submitSpanS), 3),
      // Accepted requests of every kind (submits and reads), against the allowance of the limit on
      // all requests over the whole run (`burst + rate × elapsed`, as for submits).
      acceptedRequestShareOfRequestLimit: round(
        (counts.requests - counts.rateLimited) /
          ((rateLimit.burst ?? rateLimit.requestsPerSecond) +
            rateLimit.requestsPerSecond * (elapsedMs / 1000)),
        3,
      ),
      requests: counts.requests,
      answered429: counts.rateLimited,
      share429: round(counts.rateLimited / counts.requests, 4),
      lost: tasks - fulfilled,
      // The first few reasons an item did not succeed, to tell a lost task from a slow one.
      failures: outcomes
        .filter((o) => o.status === "rejected")
        .slice(0, 3)
        .map((o) => `${o.error?.name}: ${o.error?.message}`),
      orphanTasks: Math.max(counts.tasksCreated - handles.size, 0),
      duplicateSubmits: counts.duplicateSubmits,
      rawStats: stats,
    };
  } finally {
    await receiver?.close();
    await emulator.close();
  }
}

/** Reads the figures the bench needs from the emulator's stats object. */
export function emulatorCounts(stats) {
  const sum = (value) =>
    typeof value === "number"
      ? value
      : value && typeof value === "object"
        ? Object.values(value).reduce((a, b) => a + sum(b), 0)
        : 0;
  return {
    requests: sum(stats.requests ?? stats.requestsByEndpoint),
    rateLimited: sum(stats.rateLimited ?? stats.responses429 ?? 0),
    tasksCreated: sum(stats.submits ?? stats.submitsByModel),
    duplicateSubmits: sum(stats.duplicateSubmits ?? 0),
  };
}
