/** The API endpoints the emulator counts requests for. */
export type EmulatorEndpoint = "generateTask" | "statusTask" | "balance" | "files" | "other";

/** A snapshot of what the emulator has seen since it started or was last reset. */
export interface EmulatorStats {
  /** Accepted submits (tasks created) per model id. */
  submits: Record<string, number>;
  /** Requests received per endpoint, whatever the answer. */
  requests: Record<EmulatorEndpoint, number>;
  /** Answers per HTTP status code (dropped connections are not answers). */
  responses: Record<string, number>;
  /** `429` answers, from the rate limiter, the running-task cap or injected faults. */
  rateLimited: number;
  /** Injected faults per kind (`serverError`, `dropConnection`, ...). */
  faults: Record<string, number>;
  /** Submits whose body equals one that created a task for the same key shortly before. */
  duplicateSubmits: number;
  /** Callback deliveries. */
  callbacks: {
    /** Tasks whose callback got a 200. */
    delivered: number;
    /** Tasks whose callback never got a 200 after every retry. */
    failed: number;
    /** Extra copies sent by `callbacks.duplicateRate`. */
    duplicated: number;
    /** Early progress callbacks sent under `quirks.stagedCallbacks`. */
    staged: number;
    /** POST attempts, including retries, duplicates and staged callbacks. */
    attempts: number;
    /** Deliveries still scheduled or in flight. */
    pending: number;
  };
  /** Tasks by their state at the time of the snapshot. */
  tasks: { pending: number; processing: number; success: number; failed: number; total: number };
}
