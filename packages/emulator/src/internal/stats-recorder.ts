import type { EmulatorEndpoint, EmulatorStats } from "../stats.js";

type Counters = Omit<EmulatorStats, "tasks">;

function emptyCounters(): Counters {
  return {
    submits: {},
    requests: { generateTask: 0, statusTask: 0, balance: 0, files: 0, other: 0 },
    responses: {},
    rateLimited: 0,
    faults: {},
    duplicateSubmits: 0,
    callbacks: { delivered: 0, failed: 0, duplicated: 0, staged: 0, attempts: 0, pending: 0 },
  };
}

function increment(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/** Mutable counters behind `stats()`; cheap enough to touch on every request. */
export class StatsRecorder {
  private counters: Counters = emptyCounters();

  request(endpoint: EmulatorEndpoint): void {
    this.counters.requests[endpoint]++;
  }

  response(status: number): void {
    increment(this.counters.responses, String(status));
    if (status === 429) this.counters.rateLimited++;
  }

  submit(model: string): void {
    increment(this.counters.submits, model);
  }

  fault(kind: string): void {
    increment(this.counters.faults, kind);
  }

  duplicateSubmit(): void {
    this.counters.duplicateSubmits++;
  }

  callback(event: keyof Counters["callbacks"], delta = 1): void {
    this.counters.callbacks[event] += delta;
  }

  /** A deep copy of the counters plus the given task census. */
  snapshot(tasks: EmulatorStats["tasks"]): EmulatorStats {
    return { ...structuredClone(this.counters), tasks };
  }

  /** Zeroes every counter (pending deliveries are cancelled by the caller). */
  reset(): void {
    this.counters = emptyCounters();
  }
}
