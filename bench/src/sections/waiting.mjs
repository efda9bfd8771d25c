// Waiting: tasks with each model's realistic duration, time-scaled, waited for with four
// schedules; lag from the task's completeTime to wait() resolving, and status requests per task.
// Polling lags are divided by the time scale (what a user would see at full scale); callback lag
// is network delivery, which does not scale, so it is reported as measured.
import { createApixo } from "@apixo-ts/client";
import { getModel } from "@apixo-ts/openapi";
import { startCallbackReceiver } from "../lib/callback-receiver.mjs";
import { startEmulatorProcess } from "../lib/emulator-process.mjs";
import { median, quantile, round } from "../lib/stats.mjs";
import { workload } from "../lib/workload.mjs";

const API_KEY = "bench-key";

const fixed = (ms) => ({ initialDelayMs: ms, intervalMs: ms, maxIntervalMs: ms, factor: 1 });
const scaledProfile = (model, scale) => {
  const p = getModel(model)?.polling;
  if (!p) return undefined; // unknown to the contract: the client's generic default
  return {
    initialDelayMs: p.initialDelayMs * scale,
    intervalMs: p.intervalMs * scale,
    maxIntervalMs: p.maxIntervalMs * scale,
    factor: p.factor,
  };
};

// Each schedule's own time scale keeps the request rate of 200 concurrent waits within what this
// machine serves (the 500 ms poll at 0.1 would ask ~4,000 req/s and measure the CPU, not the schedule).
export const SCHEDULES = {
  "default (per-model profile)": { poll: (model, scale) => scaledProfile(model, scale) },
  "fixed 500 ms poll (fal, Replicate)": {
    poll: (_m, scale) => fixed(500 * scale),
    timeScale: 0.25,
  },
  "fixed 5 s poll (AI SDK)": { poll: (_m, scale) => fixed(5000 * scale) },
  // In callback mode the client polls only after the model's expected run time (the fallback);
  // the same rule, time-scaled, since any poll override would otherwise start polling at once.
  "callback (+ default fallback)": {
    poll: (model, scale) => {
      const profile = scaledProfile(model, scale);
      const expected = (getModel(model)?.durationMs.max ?? 0) * scale;
      return profile && { ...profile, initialDelayMs: Math.max(profile.initialDelayMs, expected) };
    },
    callback: true,
  },
};

async function runSchedule(name, schedule, { tasks, timeScale }) {
  const emulator = await startEmulatorProcess({ timeScale, seed: 7 });
  const receiver = schedule.callback ? await startCallbackReceiver() : undefined;
  try {
    const apixo = createApixo({ apiKey: API_KEY, baseUrl: emulator.url, maxRetries: 5 });
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
          const timeoutMs = (getModel(item.model)?.polling.timeoutMs ?? 600_000) * timeScale * 3;
          const task = await apixo.wait(handle, {
            poll: schedule.poll(item.model, timeScale),
            timeoutMs,
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

export async function benchWaiting({ tasks = 200, timeScale = 0.1 } = {}) {
  const rows = [];
  for (const [name, schedule] of Object.entries(SCHEDULES)) {
    rows.push(
      await runSchedule(name, schedule, { tasks, timeScale: schedule.timeScale ?? timeScale }),
    );
  }
  return { tasks, timeScale, rows };
}
