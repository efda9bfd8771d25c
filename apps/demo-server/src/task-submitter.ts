import { randomUUID } from "node:crypto";
import { ApiError } from "@apixo-ts/client";
import { createCallbackUrl } from "@apixo-ts/client/webhooks";
import type { Clock } from "./deps.js";
import type { Reconciler } from "./reconciler.js";
import type { TaskRecord } from "./task-record.js";
import type { TaskStore } from "./task-store.js";
import type { TaskTracker } from "./task-tracker.js";
import type { UpstreamClient } from "./upstream.js";

/** A submit the demo refuses or the upstream rejected; `status` is the HTTP status to answer. */
export class SubmitError extends Error {
  override name = "SubmitError";
  constructor(
    readonly status: 400 | 402 | 429 | 502,
    message: string,
  ) {
    super(message);
  }
}

/** Dependencies of {@link createTaskSubmitter}. */
export interface TaskSubmitterDeps {
  apixo: UpstreamClient;
  store: TaskStore;
  tracker: TaskTracker;
  reconciler: Reconciler;
  clock: Clock;
  publicUrl: string;
  secret: string;
}

/** Submits tasks in callback mode, durably recorded before the upstream is called. */
export type TaskSubmitter = (model: unknown, input: unknown) => Promise<TaskRecord>;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Long enough for APIXO's last callback retry (≈ 13 min after completion) of the slowest video. */
const CALLBACK_TTL_SECONDS = 24 * 60 * 60;

/**
 * Creates the submitter. The row is written first (state `submitting`), so a crash during the
 * submit leaves a trace; the callback URL is signed with a `ref` to that row. Upstream 4xx answers
 * delete the row (no task exists) and surface the upstream's own message; 5xx and network errors
 * keep it as failed, because the task may exist upstream (APIXO has no idempotency key).
 */
export function createTaskSubmitter(deps: TaskSubmitterDeps): TaskSubmitter {
  const { store, tracker, reconciler, clock } = deps;
  const callbackBase = `${deps.publicUrl.replace(/\/+$/, "")}/webhooks/apixo`;

  return async (model, input) => {
    if (typeof model !== "string" || !MODEL_ID.test(model)) {
      throw new SubmitError(400, 'model must be a model id such as "nano-banana".');
    }
    if (!input || typeof input !== "object" || Array.isArray(input)) {
      throw new SubmitError(400, "input must be a JSON object with the model's fields.");
    }
    const id = randomUUID();
    store.create({ id, model, input, createdAt: clock.now() });
    let taskId: string;
    try {
      taskId = await sendToUpstream(
        deps,
        callbackBase,
        id,
        model,
        input as Record<string, unknown>,
      );
    } catch (error) {
      throw rejectSubmit(store, tracker, id, error);
    }
    const record = tracker.apply(id, { state: "pending", taskId }, "submit") as TaskRecord;
    store.scheduleCheck(id, reconciler.firstCheckAt(record));
    return store.get(id) as TaskRecord;
  };
}

/**
 * Creates the start-up resubmitter for an upstream that forgets every task when the server stops:
 * the emulator running inside the server process. After a crash, each unfinished task is sent to
 * the fresh emulator again under the same row (its history shows the restart), so a task submitted
 * before a `kill -9` still finishes. Never used with APIXO, which keeps tasks (and bills each submit).
 */
export function createRestartResubmitter(
  deps: TaskSubmitterDeps,
): (record: TaskRecord) => Promise<void> {
  const { store, tracker, reconciler, clock } = deps;
  const callbackBase = `${deps.publicUrl.replace(/\/+$/, "")}/webhooks/apixo`;
  return async (record) => {
    if (!store.forgetTaskId(record.id, clock.now())) return;
    try {
      const input = record.input as Record<string, unknown>;
      const taskId = await sendToUpstream(deps, callbackBase, record.id, record.model, input);
      const updated = tracker.apply(record.id, { state: "pending", taskId }, "restart");
      if (updated) store.scheduleCheck(record.id, reconciler.firstCheckAt(updated));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failMsg = `The built-in emulator restarted and refused the task again: ${message}`;
      tracker.apply(
        record.id,
        { state: "failed", failCode: "RESUBMIT_FAILED", failMsg },
        "restart",
      );
    }
  };
}

/** Signs a callback URL for row `id` and submits the task in callback mode; returns the taskId. */
async function sendToUpstream(
  deps: TaskSubmitterDeps,
  callbackBase: string,
  id: string,
  model: string,
  input: Record<string, unknown>,
): Promise<string> {
  // The model is signed into the URL: the callback handler needs it to re-read the task's status.
  const callbackUrl = await createCallbackUrl(callbackBase, {
    secret: deps.secret,
    ref: id,
    model,
    ttlSeconds: CALLBACK_TTL_SECONDS,
    now: () => deps.clock.now(),
  });
  const { taskId } = await deps.apixo.submit(model, input, { callbackUrl });
  return taskId;
}

function rejectSubmit(
  store: TaskStore,
  tracker: TaskTracker,
  id: string,
  error: unknown,
): SubmitError {
  const message = error instanceof Error ? error.message : String(error);
  if (ApiError.isInstance(error) && error.status < 500) {
    store.remove(id);
    if (error.status === 402) return new SubmitError(402, message);
    if (error.status === 429) return new SubmitError(429, message);
    if (error.status === 400 || error.status === 404 || error.status === 422)
      return new SubmitError(400, message);
    return new SubmitError(502, `The upstream refused the request: ${message}`);
  }
  tracker.apply(id, { state: "failed", failCode: "SUBMIT_UNCERTAIN", failMsg: message }, "submit");
  return new SubmitError(
    502,
    `The upstream did not confirm the submit (the task may still exist there): ${message}`,
  );
}
