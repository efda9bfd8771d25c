// Batch: N tasks through the batch runner against an emulator limited to L requests/s per key.
// Callback mode (the configuration a heavy user picks), so the limit is spent on submits:
// achieved submit rate as a share of the limit, share of requests answered 429, tasks lost and
// duplicate submits, from the emulator's own stats.
import * as client from "@apixo-ts/client";
import { startCallbackReceiver } from "../lib/callback-receiver.mjs";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { round } from "../lib/stats.mjs";

const API_KEY = "bench-key";

export async function benchBatch({
  tasks = 1000,
  limit = 50,
  concurrency = 64,
  timeScale = 0.001,
} = {}) {
  const emulator = await startEmulatorProcess({
    timeScale,
    seed: 3,
    balanceUsd: 1_000_000,
    rateLimit: { requestsPerSecond: limit, burst: limit },
  });
  const receiver = await startCallbackReceiver();
  try {
    // maxRetries 0: every 429 reaches the batch's rate controller instead of being retried
    // blindly inside submit (the batch re-queues it; a 429 never created a task).
    const apixo = client.createApixo({ apiKey: API_KEY, baseUrl: emulator.url, maxRetries: 0 });
    const batch =
      client.batch ?? (apixo.batch && ((_apixo, list, options) => apixo.batch(list, options)));
    if (!batch)
      throw new Error("@apixo-ts/client exports no batch() yet (src/index.ts must re-export it)");
    const items = Array.from({ length: tasks }, (_, i) => ({
      model: "nano-banana",
      input: { mode: "text-to-image", prompt: `batch item ${i}` },
      callbackUrl: receiver.url,
    }));
    const submittedAt = [];
    const started = Date.now();
    const outcomes = await batch(apixo, items, {
      concurrency,
      wait: { callback: receiver.source, timeoutMs: 120_000 },
      onSubmit: () => {
        submittedAt.push(Date.now());
      },
    });
    const elapsedMs = Date.now() - started;
    const stats = await emulator.stats();
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled").length;
    const handles = new Set(outcomes.filter((o) => o.handle).map((o) => o.handle.taskId));
    const submitSpanS = (Math.max(...submittedAt) - Math.min(...submittedAt)) / 1000;
    const counts = emulatorCounts(stats);
    return {
      tasks,
      limitPerSecond: limit,
      concurrency,
      mode: "callback",
      elapsedS: round(elapsedMs / 1000, 1),
      fulfilled,
      achievedSubmitRate: round(submittedAt.length / submitSpanS, 1),
      achievedShareOfLimit: round(submittedAt.length / submitSpanS / limit, 3),
      acceptedRequestShareOfLimit: round(
        (counts.requests - counts.rateLimited) / (elapsedMs / 1000) / limit,
        3,
      ),
      requests: counts.requests,
      answered429: counts.rateLimited,
      share429: round(counts.rateLimited / counts.requests, 4),
      lost: tasks - fulfilled,
      orphanTasks: Math.max(counts.tasksCreated - handles.size, 0),
      duplicateSubmits: counts.duplicateSubmits,
      rawStats: stats,
    };
  } finally {
    await receiver.close();
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
