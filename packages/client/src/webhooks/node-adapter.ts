import { type CallbackHandler, DEFAULT_MAX_BODY_BYTES } from "./callback-handler.js";
import { concatBytes, envelopeResponse } from "./internal/http.js";

/** The parts of Node's `IncomingMessage` (or Express's `Request`) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string | undefined;
  /** Path and query (`/webhooks/apixo?apixo_ref=...`). */
  url?: string | undefined;
  /** Express keeps the full path here when a router is mounted under a prefix. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A body already read by middleware (`express.raw()` gives a Buffer, `express.json()` an object). */
  body?: unknown;
}

/** The parts of Node's `ServerResponse` (or Express's `Response`) the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: Uint8Array): unknown;
}

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Largest body read from the socket; more is answered with 413. @default 1048576 */
  maxBodyBytes?: number;
}

const SKIPPED_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "host"]);

/**
 * Adapts a callback handler to `node:http` and Express: `(req, res, next?) => void`.
 * The signature lives in the URL, so a body parsed by `express.json()` works as well as the
 * raw bytes; the full path (`originalUrl`) is used so routers mounted under a prefix verify.
 *
 * @example
 * http.createServer(toNodeHandler(handler)).listen(3000);
 * app.post("/webhooks/apixo", toNodeHandler(handler)); // Express
 */
export function toNodeHandler(
  handler: CallbackHandler,
  options: NodeHandlerOptions = {},
): (
  request: NodeRequestLike,
  response: NodeResponseLike,
  next?: (error?: unknown) => void,
) => void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (request, response, next) => {
    toFetchRequest(request, maxBodyBytes)
      .then((fetchRequest) =>
        fetchRequest instanceof Response ? fetchRequest : handler(fetchRequest),
      )
      .then((answer) => send(answer, response))
      .catch((error: unknown) => {
        if (next) return next(error);
        return send(envelopeResponse(500, "Callback handler failed."), response);
      })
      .catch(() => undefined); // the socket is gone: nothing left to answer
  };
}

async function toFetchRequest(
  request: NodeRequestLike,
  maxBodyBytes: number,
): Promise<Request | Response> {
  const method = (request.method ?? "GET").toUpperCase();
  const target = request.originalUrl ?? request.url ?? "/";
  // Only the path and query are signed; a fixed origin keeps a hostile Host header out of it.
  const url = target.startsWith("/") ? `http://localhost${target}` : undefined;
  if (url === undefined || !URL.canParse(url))
    return envelopeResponse(400, "Unsupported request target.");
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  const body = await readNodeBody(request, maxBodyBytes);
  if (body === undefined)
    return envelopeResponse(413, `Callback body is larger than ${maxBodyBytes} bytes.`);
  return new Request(url, { method, headers, body });
}

async function readNodeBody(
  request: NodeRequestLike,
  maxBodyBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const parsed = request.body;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  if (typeof parsed === "string") return new TextEncoder().encode(parsed);
  if (typeof parsed === "object" && parsed !== null)
    return new TextEncoder().encode(JSON.stringify(parsed));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes =
      typeof chunk === "string" ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > maxBodyBytes) return undefined;
    chunks.push(bytes);
  }
  return concatBytes(chunks, size);
}

async function send(answer: Response, response: NodeResponseLike): Promise<void> {
  const body = new Uint8Array(await answer.arrayBuffer());
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => {
    response.setHeader(name, value);
  });
  response.end(body);
}
