import { ApixoError } from "../errors.js";
import { isTerminal, type Task, type TaskHandle } from "../task.js";
import { type CallbackReceiver, createCallbackReceiver } from "./callback-receiver.js";
import { type CallbackStore, createMemoryCallbackStore, toClaimStore } from "./callback-store.js";
import { CallbackPayloadError, InvalidCallbackError } from "./errors.js";
import { envelopeResponse, readBody } from "./internal/http.js";
import { type CallbackSecrets, importKeys, toSecretBytes } from "./internal/signature.js";
import { readCallbackEnvelope } from "./parse-callback.js";
import { verifyCallbackWithKeys } from "./verify-callback.js";

/** Default largest accepted callback body: 1 MiB (a statusTask envelope is a few hundred bytes). */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Where a task or an error came from. */
export interface CallbackContext {
  /** The `ref` signed into the callback URL. */
  ref: string;
}

/** Lets an edge runtime keep the background work alive after the response (`ctx.waitUntil`). */
export type WaitUntil = (promise: Promise<unknown>) => void;

/** Options of {@link createCallbackHandler}. */
export interface CallbackHandlerOptions {
  /** The secret the callback URLs were made with, or a list during rotation. */
  secret: CallbackSecrets;
  /** The client whose `status()` re-reads each task: the body is unsigned, the status read is not. */
  apixo: { status(handle: TaskHandle): Promise<Task> };
  /** Called once per task with the status-confirmed terminal task (`success` or `failed`). */
  onTask?: (task: Task, context: CallbackContext) => unknown;
  /**
   * Called with background failures: a status read that failed, a state it did not confirm
   * (`CallbackPayloadError` `unconfirmed`), or an error thrown by `onTask`.
   * @default logs with console.error
   */
  onError?: (error: unknown, context: CallbackContext & { taskId: string }) => void;
  /** Dedupe store keyed on `taskId`. @default createMemoryCallbackStore() (10,000 ids) */
  store?: CallbackStore;
  /** Receiver to hand each task to, for `apixo.wait(handle, { callback })`. @default a new one, as `handler.receiver` */
  receiver?: CallbackReceiver;
  /** Finds the model of a ref when the URL was made without `model`. */
  resolveModel?: (ref: string) => string | undefined | Promise<string | undefined>;
  /** Largest accepted body. @default 1048576 */
  maxBodyBytes?: number;
  /** Clock in Unix milliseconds, for URL expiry. @default Date.now */
  now?: () => number;
  /** Public path the URLs were made for, when a proxy rewrites it. @default the request's path */
  path?: string;
  /** Keeps background work alive on serverless platforms (e.g. Vercel's `waitUntil`). */
  waitUntil?: WaitUntil;
  /**
   * `"immediately"`: answer 200 before the status re-read (the work runs in the background).
   * `"after-processing"`: for platforms that freeze after the response and have no `waitUntil`
   * (AWS Lambda): re-read and run `onTask` first, then answer 200, or 500 when that failed, so
   * APIXO retries the delivery (after 30 s, 2 min, 10 min). Keep `onTask` well under 30 s.
   * @default "immediately"
   */
  respond?: "immediately" | "after-processing";
}

/** A fetch-style handler for the signed callback endpoint. */
export interface CallbackHandler {
  /** Answers one callback request; `context.waitUntil` (edge runtimes) overrides the option. */
  (request: Request, context?: { waitUntil?: WaitUntil }): Promise<Response>;
  /** Resolves once all background work started so far (status reads, `onTask`) has finished. */
  idle(): Promise<void>;
  /** The receiver tasks are delivered to; pass it as `wait(handle, { callback: handler.receiver })`. */
  readonly receiver: CallbackReceiver;
}

/**
 * Makes the handler of the callback endpoint. For each request it verifies the signed URL (401
 * otherwise), reads the body (400 if it is not a statusTask envelope, 413 if too large) and
 * answers 200 at once. When the body claims a terminal state it then, in the background,
 * re-reads the task with `apixo.status()`, dedupes on `taskId`, hands the task to the receiver
 * and calls `onTask` once. Await `handler.idle()` (tests) or pass `waitUntil` (serverless).
 *
 * @example
 * const handler = createCallbackHandler({ secret, apixo, onTask: (task) => save(task) });
 * Deno.serve(handler); // Bun.serve({ fetch: handler }); toNodeHandler(handler) for node:http
 * export default { fetch: (request, env, ctx) => handler(request, ctx) }; // Cloudflare Workers
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const keys = importKeys(toSecretBytes(options.secret));
  const store = toClaimStore(options.store ?? createMemoryCallbackStore());
  const receiver = options.receiver ?? createCallbackReceiver();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? ((error) => console.error("[apixo webhooks]", error));
  const pending = new Set<Promise<void>>();
  const inFlight = new Map<string, Promise<void>>();

  async function settle(handle: TaskHandle, context: CallbackContext): Promise<void> {
    // A duplicate that arrives while an earlier delivery of the same task is in flight waits
    // for it, and takes over only if that one failed. (`start` registers this call after it.)
    const earlier = inFlight.get(handle.taskId);
    if (earlier && (await succeeded(earlier))) return;
    if (await store.has?.(handle.taskId)) return;
    const task = await options.apixo.status(handle);
    if (!isTerminal(task.state)) {
      throw new CallbackPayloadError(
        `Callback said task ${handle.taskId} ended, but status() says "${task.state}"; ignored (a poll or a later delivery will report it).`,
        { code: "unconfirmed" },
      );
    }
    if (!(await store.claim(handle.taskId))) return;
    receiver.deliver(task);
    try {
      await options.onTask?.(task, context);
    } catch (error) {
      await store.release?.(handle.taskId);
      throw error;
    }
  }

  function start(
    handle: TaskHandle,
    context: CallbackContext,
    waitUntil: WaitUntil | undefined,
  ): Promise<void> {
    const outcome = settle(handle, context);
    inFlight.set(handle.taskId, outcome);
    const tracked: Promise<void> = outcome
      .catch((error: unknown) => {
        try {
          onError(error, { ...context, taskId: handle.taskId });
        } catch {
          // onError is the last sink: if it throws too, there is nowhere left to report to.
        }
      })
      .finally(() => {
        pending.delete(tracked);
        if (inFlight.get(handle.taskId) === outcome) inFlight.delete(handle.taskId);
      });
    pending.add(tracked);
    waitUntil?.(tracked);
    return outcome;
  }

  const handler = async (
    request: Request,
    context?: { waitUntil?: WaitUntil },
  ): Promise<Response> => {
    if (request.method !== "POST") {
      return envelopeResponse(405, "Callbacks must be POSTed.", undefined, { allow: "POST" });
    }
    try {
      const verified = await verifyCallbackWithKeys(request, keys, options);
      const envelope = readCallbackEnvelope(await readBody(request, maxBodyBytes));
      if (!isTerminal(envelope.state)) return envelopeResponse(200, "success"); // e.g. suno's staged callbacks
      const model =
        verified.model ?? envelope.model ?? (await options.resolveModel?.(verified.ref));
      if (model === undefined) {
        const error = new ApixoError(
          "Cannot re-read the task: the callback URL has no model. Pass `model` to createCallbackUrl, or `resolveModel` to createCallbackHandler.",
        );
        onError(error, { ref: verified.ref, taskId: envelope.taskId });
        return envelopeResponse(500, error.message);
      }
      const handle = { model, taskId: envelope.taskId };
      const outcome = start(handle, { ref: verified.ref }, keepAlive(context));
      if (options.respond === "after-processing" && !(await succeeded(outcome))) {
        return envelopeResponse(500, "Callback not processed yet; deliver it again later.");
      }
      return envelopeResponse(200, "success");
    } catch (error) {
      return errorResponse(error);
    }
  };

  // Called as methods: Workers' `ctx.waitUntil` throws "Illegal invocation" when detached.
  function keepAlive(context: { waitUntil?: WaitUntil } | undefined): WaitUntil | undefined {
    if (typeof context?.waitUntil === "function") return (promise) => context.waitUntil?.(promise);
    if (options.waitUntil) return (promise) => options.waitUntil?.(promise);
    return undefined;
  }

  return Object.assign(handler, {
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    receiver,
  });
}

function succeeded(work: Promise<unknown>): Promise<boolean> {
  return work.then(
    () => true,
    () => false,
  );
}

function errorResponse(error: unknown): Response {
  if (InvalidCallbackError.isInstance(error)) {
    return envelopeResponse(401, "Invalid callback URL.", { error: error.code });
  }
  if (CallbackPayloadError.isInstance(error)) {
    const status = error.code === "too_large" ? 413 : 400;
    return envelopeResponse(status, error.message, { error: error.code });
  }
  throw error;
}
