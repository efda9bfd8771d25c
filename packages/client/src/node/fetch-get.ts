import type { Answer } from "./answer.js";
import { FileError, onFile } from "./file-error.js";

/** A GET through an injected `fetch` (tests, proxies, instrumentation), chunk by chunk. */
export async function fetchGet(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const response = await fetchFn(url, { headers, ...(signal ? { signal } : {}) });
  const { body } = response;
  // No body (204, 304): nothing to write. fetch decodes `Content-Encoding`: the header's length
  // is then not the body's.
  const length = !body
    ? 0
    : response.headers.has("content-encoding")
      ? undefined
      : lengthOf(response.headers.get("content-length"));
  return {
    status: response.status,
    length,
    header: (name) => response.headers.get(name) ?? undefined,
    saveTo: async (file, onWritten) => {
      if (!body) return;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        // A write may put only a prefix on disk: the rest is written again, and only bytes the
        // system confirmed are reported (they are the resume point).
        for (let offset = 0; offset < chunk.length; ) {
          const length = chunk.length - offset;
          const { bytesWritten } = await onFile("write", undefined, () =>
            file.write(chunk, offset, length),
          );
          if (!(bytesWritten > 0 && bytesWritten <= length)) {
            throw new FileError("write", new Error(`${bytesWritten} of ${length} bytes written`));
          }
          offset += bytesWritten;
          onWritten(bytesWritten);
        }
      }
    },
    discard: () => void body?.cancel().catch(() => undefined),
  };
}

/** A `Content-Length` value as a number, if it is a valid one. */
export function lengthOf(value: string | null | undefined): number | undefined {
  return value && /^\d{1,15}$/.test(value.trim()) ? Number(value) : undefined;
}
