import { ApixoError } from "../errors.js";
import { type Task, type TaskState, toTask } from "../task.js";
import { CallbackPayloadError } from "./errors.js";

/** What APIXO POSTs: the statusTask envelope as text, bytes, or already parsed JSON. */
export type CallbackBody = string | Uint8Array | ArrayBuffer | object;

/** Options of {@link parseCallback}. */
export interface ParseCallbackOptions {
  /**
   * Model id to put in the task: the body does not carry it. Use the `model` returned by
   * `verifyCallback` when the URL was made with one. @default the body's `data.model`, else `""`
   */
  model?: string;
}

/** The fields of a callback body the handler relies on. */
export interface CallbackEnvelope {
  /** `data.taskId`: what the handler dedupes on and re-reads. */
  taskId: string;
  /** `data.state` as sent; only a terminal one triggers the re-read. */
  state: TaskState;
  /** `data.model`, when the body carries one (APIXO's does not). */
  model?: string;
  /** The whole `data` object, for the normaliser. */
  data: Record<string, unknown>;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses a callback body (the statusTask envelope `{ code, message, data }`) into the same
 * normalised `Task` as `apixo.status()`. The body is unsigned: trust it only as a hint, and
 * re-read the task with `status()` before acting (as `createCallbackHandler` does).
 *
 * Normalisation is the client's own (`toTask`), so the result equals what `status()` returns for
 * the same data. Throws `CallbackPayloadError` (`invalid_json`, `invalid_envelope`) for anything
 * that is not such an envelope; never anything untyped.
 *
 * @example
 * const task = parseCallback(await request.text(), { model: verified.model });
 */
export function parseCallback(body: CallbackBody, options: ParseCallbackOptions = {}): Task {
  const envelope = readCallbackEnvelope(body);
  const model = options.model ?? envelope.model ?? "";
  return guard(() => toTask({ model, taskId: envelope.taskId }, envelope.data));
}

/** @internal Reads just enough of a callback body to route it: `taskId`, `state`, `model`. */
export function readCallbackEnvelope(body: CallbackBody): CallbackEnvelope {
  const json = toJson(body);
  return guard(() => {
    if (!isRecord(json)) throw invalidEnvelope("the body is not a JSON object");
    // APIXO sends the envelope; a bare `data` object is accepted too.
    const data = "data" in json ? json.data : json;
    if (!isRecord(data)) throw invalidEnvelope("`data` is not an object");
    const { taskId, state, model } = data;
    if (typeof taskId !== "string" || taskId === "" || taskId.length > 256) {
      throw invalidEnvelope("`data.taskId` is not a non-empty string");
    }
    if (typeof state !== "string") throw invalidEnvelope("`data.state` is not a string");
    const envelope: CallbackEnvelope = { taskId, state, data };
    if (typeof model === "string" && model !== "") envelope.model = model;
    return envelope;
  });
}

function toJson(body: CallbackBody): unknown {
  let text: string;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    try {
      text = decoder.decode(body);
    } catch (error) {
      throw new CallbackPayloadError("Callback body is not valid UTF-8.", {
        code: "invalid_json",
        cause: error,
      });
    }
  } else return body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CallbackPayloadError(
      "Callback body is not JSON; APIXO sends the statusTask envelope `{ code, message, data }`.",
      { code: "invalid_json", cause: error },
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalidEnvelope(reason: string): CallbackPayloadError {
  return new CallbackPayloadError(
    `Callback body is not a statusTask envelope: ${reason}. Expected { code, message, data: { taskId, state, ... } }.`,
    { code: "invalid_envelope" },
  );
}

/** Hostile objects (throwing getters, proxies) end as a typed error, never as a crash. */
function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (ApixoError.isInstance(error)) throw error;
    throw new CallbackPayloadError("Callback body could not be read.", {
      code: "invalid_envelope",
      cause: error,
    });
  }
}
