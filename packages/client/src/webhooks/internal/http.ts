import { CallbackPayloadError } from "../errors.js";

/**
 * Reads a request body into bytes, refusing more than `maxBytes` without buffering it all:
 * callbacks are small, and an unauthenticated sender must not make us hold megabytes.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (request.bodyUsed) {
    // A programming error, not a bad callback: let the server answer 500 with this message.
    throw new TypeError(
      "Callback body was already read by a middleware: mount the callback handler before any body parser.",
    );
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined); // the sender is refused anyway
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** Joins body chunks into one array of `size` bytes (their summed length). */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(maxBytes: number): CallbackPayloadError {
  return new CallbackPayloadError(`Callback body is larger than ${maxBytes} bytes.`, {
    code: "too_large",
  });
}

/** A JSON answer in the API's own envelope shape `{ code, message, data? }`. */
export function envelopeResponse(
  status: number,
  message: string,
  data?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  const body = data === undefined ? { code: status, message } : { code: status, message, data };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}
