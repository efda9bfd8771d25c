import type { FileHandle } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { writeBody } from "./file-sink.js";

/** An HTTP answer as the download needs it: status, one header at a time, and its body. */
export interface Answer {
  status: number;
  header(name: string): string | undefined;
  /** Writes the body to `file`, calling `onWritten(bytes)` once each part is on disk. */
  saveTo(file: FileHandle, onWritten: (bytes: number) => void): Promise<void>;
  /** Drops the body unread (an error answer). */
  discard(): void;
}

/** Redirects followed before giving up (fetch's default is 20; CDNs need one or two). */
const MAX_REDIRECTS = 5;
/** A connection silent this long fails (and is retried), as fetch's 300 s body timeout does. */
const IDLE_TIMEOUT_MS = 300_000;

/**
 * GETs `url` with `node:http` / `node:https` (no web-stream layer: far less work per chunk than
 * `fetch`), following redirects; the body is written with write-behind batching (`file-sink`).
 */
export function httpGet(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  redirects = MAX_REDIRECTS,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? httpsRequest : httpRequest;
    const options = { headers, timeout: IDLE_TIMEOUT_MS, ...(signal ? { signal } : {}) };
    const request = send(url, options, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && redirects > 0) {
        response.resume(); // discard the redirect's body, free the socket
        resolve(httpGet(new URL(location, url).href, headers, signal, redirects - 1));
        return;
      }
      resolve({
        status,
        header: (name) => headerOf(response, name),
        saveTo: (file, onWritten) => writeBody(response, file, onWritten),
        discard: () => response.destroy(),
      });
    });
    request.once("error", reject);
    request.on("timeout", () =>
      request.destroy(new Error(`no data from ${new URL(url).host} for ${IDLE_TIMEOUT_MS} ms`)),
    );
    request.end();
  });
}

/** The same through an injected `fetch` (tests, proxies, instrumentation), chunk by chunk. */
export async function fetchGet(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const response = await fetchFn(url, { headers, ...(signal ? { signal } : {}) });
  const { body } = response;
  return {
    status: body ? response.status : 0,
    header: (name) => response.headers.get(name) ?? undefined,
    saveTo: async (file, onWritten) => {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        await file.write(chunk);
        onWritten(chunk.length);
      }
    },
    discard: () => void body?.cancel().catch(() => undefined),
  };
}

function headerOf(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
