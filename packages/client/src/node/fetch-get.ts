import type { Answer } from "./answer.js";

/** A GET through an injected `fetch` (tests, proxies, instrumentation), chunk by chunk. */
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
