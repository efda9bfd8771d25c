import { AbortError, ApixoError, ConnectionError, RequestTimeoutError } from "../errors.js";
import type { LogFields } from "../logger.js";
import { authHeaders, checkRetries, type ResolvedOptions } from "../options.js";
import { type Failure, type Operation, retryDelay } from "../retry-policy.js";
import { createApiError, MAY_EXIST_HINT } from "./api-error-factory.js";
import type { ApiRequest } from "./api-requests.js";
import { inspectFailure } from "./connection.js";
import { mayHoldSecret, redactDeep, redactText } from "./redact.js";

/** One logical API call, sent once or more by {@link createTransport}. */
export interface Call {
  /** The request to send (see `api-requests.ts`); only a submit has a body. */
  request: ApiRequest;
  /** Short name for logs and messages, e.g. `submit nano-banana`. */
  label: string;
  fields?: LogFields;
  signal?: AbortSignal | undefined;
  /** Retries of this call, over the client's `maxRetries`. */
  maxRetries?: number | undefined;
}

/** Error for a caller's abort, keeping its reason as `cause`. */
export function abortError(signal: AbortSignal | undefined): AbortError {
  return new AbortError("Aborted by your signal.", { cause: signal?.reason });
}

/**
 * Sends calls with the per-request timeout and the retry policy, turns every failure into a
 * typed error, and resolves with the envelope's `data`.
 */
export function createTransport(options: ResolvedOptions): (call: Call) => Promise<unknown> {
  const { apiKey, timeoutMs, clock, log } = options;

  const getHeaders = authHeaders(apiKey);
  const postHeaders = { ...getHeaders, "Content-Type": "application/json" };

  /** One attempt: the envelope's data, or how it failed and the error to throw if not retried. */
  async function attempt(call: Call): Promise<{ data: unknown } | [Failure, ApixoError]> {
    const { signal, label, request } = call;
    const submit = !!request.body;
    // One controller per attempt, its timer cleared once the body is read: no timer outlives the
    // request (AbortSignal.timeout would keep one alive for timeoutMs per call).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`${timeoutMs} ms passed`, "TimeoutError"));
    }, timeoutMs);
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forward);
    try {
      const response = await options.fetch(options.baseUrl + request.path, {
        method: submit ? "POST" : "GET",
        headers: submit ? postHeaders : getHeaders,
        body: submit ? JSON.stringify(request.body) : null,
        signal: controller.signal,
      });
      // Read inside the try: a connection dropped mid-body is a connection failure too.
      const text = await response.text();
      const parsed = parseJson(text);
      const body = (mayHoldSecret(text, apiKey) ? redactDeep(parsed, apiKey) : parsed) as {
        code?: unknown;
        data?: unknown;
      };
      const code = typeof body?.code === "number" ? body.code : undefined;
      // An HTTP 200 whose envelope `code` is not 200 is an error too.
      const status = response.ok ? (code ?? 200) : response.status;
      if (status === 200 && body && typeof body === "object") return { data: body.data };
      const { headers } = response;
      const taskMayExist = submit && (status === 200 || (status >= 500 && status !== 503));
      return [
        { kind: "status", status, retryAfter: headers.get("retry-after") },
        createApiError({ status, code, body, headers, taskMayExist }),
      ];
    } catch (cause) {
      if (signal?.aborted) throw abortError(signal);
      const { neverSent, reason } = inspectFailure(cause);
      const taskMayExist = submit && (timedOut || !neverSent);
      const hint = taskMayExist ? MAY_EXIST_HINT : "";
      return timedOut
        ? [
            { kind: "timeout" },
            new RequestTimeoutError(
              `${label}: no answer in ${timeoutMs} ms; raise timeoutMs.${hint}`,
              {
                cause,
                taskMayExist,
              },
            ),
          ]
        : [
            { kind: "connection", sent: !neverSent },
            new ConnectionError(
              `${label}: ${options.baseUrl} unreachable (${redactText(reason, apiKey)}).${hint}`,
              {
                cause,
                taskMayExist,
              },
            ),
          ];
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forward);
    }
  }

  return async (call) => {
    if (!apiKey) throw new ApixoError("No API key: pass apiKey or set APIXO_API_KEY.");
    // Only a submit creates (and bills) a task; status and balance reads have no effect.
    const operation: Operation = call.request.body ? "submit" : "read";
    const maxRetries =
      call.maxRetries === undefined ? options.maxRetries : checkRetries(call.maxRetries);
    for (let retry = 0; ; retry++) {
      if (call.signal?.aborted) throw abortError(call.signal);
      log("debug", call.label, call.fields);
      const outcome = await attempt(call);
      if (!Array.isArray(outcome)) return outcome.data;
      const [failure, error] = outcome;
      const delay = retryDelay(operation, failure, retry, maxRetries, clock.now(), clock.random());
      if (delay === undefined) throw error;
      log("warn", `retry in ${delay} ms: ${error.message}`, call.fields);
      await clock.sleep(delay, call.signal).catch(() => {
        throw abortError(call.signal);
      });
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: keep (the start of) the text so the error shows what the server said.
    return text.slice(0, 500);
  }
}
