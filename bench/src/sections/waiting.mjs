// Waiting: tasks with each model's realistic duration, time-scaled, waited for with four
// schedules; lag from the task's completeTime to wait() resolving, and status requests per task.
// The client runs on `scaledClock(timeScale)`, so every schedule is the real one (the default row
// is the client's own per-model default, untouched) and only time runs faster. Polling lags are
// divided by the time scale (what a user would see at full scale); callback lag is network
// delivery, which does not scale, so it is reported as measured.
import { createApixo, scaledClock } from "@apixo-ts/client";
import { startCallbackReceiver } from "../lib/callback-receiver.mjs";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { median, quantile, round } from "../lib/stats.mjs";
import { workload } from "../lib/workload.mjs";

const API_KEY = "bench-key";

const fixed = (ms) => ({ initialDelayMs: ms, intervalMs: ms, maxIntervalMs: ms, factor: 1 });

// The 500 ms poll runs at time scale 0.25 instead of 0.1: at 0.1, 200 concurrent waits polling
// every 50 ms would ask ~4,000 req/s of this 2-core machine and measure its CPU, not the schedule.
export const SCHEDULES = {
  "default (per-model profile)": { poll: undefined },
  "fixed 500 ms poll (fal, Replicate)": { poll: fixed(500), timeScale: 0.25 },
  "fixed 5 s poll (AI SDK)": { poll: fixed(5000) },
  // The client's callback mode: polling only after the model's expected run time (the fallback).
  "callback (+ default fallback)": { poll: undefined, callback: true },
};

async function runSchedule(name, schedule, { tasks, timeScale }) {
  const emulator = await startEmulatorProcess({ timeScale, seed: 7 });
  const receiver = schedule.callback ? await startCallbackReceiver() : undefined;
  try {
    const apixo = createApixo({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      maxRetries: 5,
      clock: scaledClock(timeScale),
    });
    const items = workload(tasks, name);
    const lags = [];
    let failed = 0;
    await Promise.all(
      items.map(async (item) => {
        try {
          const handle = await apixo.submit(item.model, item.input, {
            provider: item.provider,
            callbackUrl: receiver?.url,
          });
          // The model's default deadline, as a user gets it.
          const task = await apixo.wait(handle, {
            poll: schedule.poll,
            callback: receiver?.source,
          });
          lags.push(Math.max(Date.now() - task.completeTime, 0));
        } catch (error) {
          failed++;
          if (failed <= 3) console.error(`waiting/${name}: ${item.model}: ${error.message}`);
        }
      }),
    );
    const stats = await emulator.stats();
    const statusRequests = countStatusRequests(stats);
    const scale = schedule.callback ? 1 : timeScale;
    return {
      schedule: name,
      timeScale,
      tasks: items.length,
      completed: lags.length,
      failed,
      lagUnit: schedule.callback ? "ms (real)" : "ms (scaled back to real time)",
      medianLagMs: round(median(lags) / scale, 0),
      p95LagMs: round(quantile(lags, 0.95) / scale, 0),
      statusRequestsPerTask: round(statusRequests / items.length, 2),
    };
  } finally {
    await receiver?.close();
    await emulator.close();
  }
}

/** statusTask requests from the emulator's stats, whatever their exact shape. */
export function countStatusRequests(stats) {
  const byEndpoint = stats.requests ?? stats.requestsByEndpoint ?? {};
  const value = byEndpoint.statusTask ?? byEndpoint["GET /api/v1/statusTask"];
  if (typeof value === "number") return value;
  if (value && typeof value === "object")
    return Object.values(value).reduce((a, b) => a + Number(b), 0);
  return Number.NaN;
}

/** `ownScales: false` runs every schedule at `timeScale` (the quick smoke test does). */
export async function benchWaiting({ tasks = 200, timeScale = 0.1, ownScales = true } = {}) {
  const rows = [];
  for (const [name, schedule] of Object.entries(SCHEDULES)) {
    const scale = ownScales ? (schedule.timeScale ?? timeScale) : timeScale;
    rows.push(await runSchedule(name, schedule, { tasks, timeScale: scale }));
  }
  return { tasks, timeScale, rows };
}
