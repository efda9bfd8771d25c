import { AbortError, ApixoError, ConnectionError, RequestTimeoutError } from "../errors.js";
import type { LogFields } from "../logger.js";
import type { ResolvedOptions } from "../options.js";
import { type Failure, type Operation, retryDelay } from "../retry-policy.js";
import { createApiError, MAY_EXIST_HINT } from "./api-error-factory.js";
import { describeFailure, wasNeverSent } from "./connection.js";
import { redactDeep, redactText } from "./redact.js";

/** What one openapi-fetch call returns when asked to `parseAs: "text"`. */
export interface SendResult {
  response: Response;
  data?: unknown;
  error?: unknown;
}

/** One logical API call, sent once or more by {@link createTransport}. */
export interface Call {
  operation: Operation;
  /** Short name for logs and messages, e.g. `submit nano-banana`. */
  label: string;
  fields?: LogFields;
  signal?: AbortSignal | undefined;
  /** Sends one attempt; `signal` combines the caller's signal and the per-request timeout. */
  send(signal: AbortSignal): Promise<SendResult>;
}

const TIMEOUT = Symbol("timeout");

/** Error for a caller's abort, keeping its reason as `cause`. */
export function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError("The operation was aborted by your signal.", { cause: signal?.reason });
}

/**
 * Sends calls with the per-request timeout and the retry policy, and turns every failure into a
 * typed error. Resolves with the envelope's `data`.
 */
export function createTransport(options: ResolvedOptions) {
  const { clock, log, apiKey } = options;

  async function attempt(
    call: Call,
  ): Promise<{ data: unknown } | { failure: Failure; error: ApixoError }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeoutMs);
    const onAbort = () => controller.abort(call.signal?.reason);
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const submit = call.operation === "submit";
    try {
      const { response, data, error } = await call.send(controller.signal);
      let body = response.ok ? parseJson(data) : error;
      body = redactDeep(body, apiKey);
      const code = (body as { code?: unknown } | undefined)?.code;
      const envelopeCode = typeof code === "number" ? code : undefined;
      const status = response.ok ? (envelopeCode ?? 200) : response.status;
      if (status === 200 && body && typeof body === "object")
        return { data: (body as { data?: unknown }).data };
      const failure: Failure = {
        kind: "status",
        status,
        retryAfter: response.headers.get("retry-after"),
      };
      const mayExist = submit && (status === 200 || (status >= 500 && status !== 503));
      const headers = new Headers(
        [...response.headers].map(([k, v]) => [k, redactText(v, apiKey)]),
      );
      return {
        failure,
        error: createApiError({
          status,
          code: envelopeCode,
          body,
          headers,
          taskMayExist: mayExist,
        }),
      };
    } catch (error) {
      if (call.signal?.aborted) throw abortError(call.signal);
      const hint = submit ? MAY_EXIST_HINT : "";
      if (controller.signal.reason === TIMEOUT) {
        const message = `No answer to ${call.label} within ${options.timeoutMs} ms. Raise timeoutMs or retry later.`;
        return {
          failure: { kind: "timeout" },
          error: new RequestTimeoutError(message + hint, { cause: error, taskMayExist: submit }),
        };
      }
      const sent = !wasNeverSent(error);
      const reason = redactText(describeFailure(error), apiKey);
      const message = `Could not reach ${options.baseUrl} for ${call.label} (${reason}). Check the network and baseUrl.`;
      return {
        failure: { kind: "connection", sent },
        error: new ConnectionError(message + (sent ? hint : ""), {
          cause: error,
          taskMayExist: submit && sent,
        }),
      };
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
    }
  }

  return async function send(call: Call): Promise<unknown> {
    if (!apiKey) {
      throw new ApixoError("No APIXO API key: pass createApixo({ apiKey }) or set APIXO_API_KEY.");
    }
    for (let retry = 0; ; retry++) {
      if (call.signal?.aborted) throw abortError(call.signal);
      log("debug", call.label, { ...call.fields, attempt: retry + 1 });
      const outcome = await attempt(call);
      if ("data" in outcome) return outcome.data;
      const delay = retryDelay({
        operation: call.operation,
        failure: outcome.failure,
        attempt: retry,
        maxRetries: options.maxRetries,
        now: clock.now(),
        random: clock.random(),
      });
      if (delay === undefined) throw outcome.error;
      log(
        "warn",
        `${call.label} failed, retrying in ${delay} ms: ${outcome.error.message}`,
        call.fields,
      );
      await clock.sleep(delay, call.signal).catch(() => {
        throw abortError(call.signal);
      });
    }
  };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: keep the text so the error shows what the server said.
    return text.slice(0, 500);
  }
}
