/** HTTP/1.1 message heads: the request a download sends, and the response head it parses. */

/** A parsed HTTP/1.1 response head: status and headers (names lower-cased, values trimmed). */
export interface ResponseHead {
  status: number;
  /** Every value of each header, in order. */
  headers: Map<string, string[]>;
}

/** A head larger than this is refused (node:http allows 16 KiB; CDNs stay far below). */
export const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Finds the end of a response head in `bytes` and parses it. Returns the head and the number of
 * bytes it took, or `undefined` while the head is incomplete; throws on a malformed or oversized
 * head. Accepts bare `LF` line ends and obsolete folded header lines, as browsers do.
 */
export function parseHead(bytes: Buffer): { head: ResponseHead; size: number } | undefined {
  const end = headEnd(bytes);
  if (end === undefined) {
    if (bytes.length > MAX_HEAD_BYTES)
      throw new Error(`response head over ${MAX_HEAD_BYTES} bytes`);
    return undefined;
  }
  const lines = bytes.toString("latin1", 0, end.at).split("\n");
  const statusLine = (lines.shift() ?? "").replace(/\r$/, "");
  const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!match)
    throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 40))}`);
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && last) {
      last[last.length - 1] = `${last.at(-1)} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw new Error(`malformed response header: ${JSON.stringify(line.slice(0, 40))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    last = headers.get(name) ?? [];
    last.push(line.slice(colon + 1).trim());
    headers.set(name, last);
  }
  return { head: { status: Number(match[1]), headers }, size: end.at + end.length };
}

/** Where the blank line ending the head starts, and its length (`\r\n\r\n` or `\n\n`). */
function headEnd(bytes: Buffer): { at: number; length: number } | undefined {
  const crlf = bytes.indexOf("\r\n\r\n", 0, "latin1");
  const lf = bytes.indexOf("\n\n", 0, "latin1");
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { at: lf, length: 2 };
  return crlf >= 0 ? { at: crlf, length: 4 } : undefined;
}

/**
 * The head of a GET for `target` with `headers`, asking the server to close the connection after
 * the answer (downloads are large and one at a time: nothing to gain from keeping it). Throws on a
 * header that would split the request.
 */
export function requestHead(target: URL, headers: Record<string, string>): string {
  const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  if (target.username || target.password) {
    const user = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    lines.push(`Authorization: Basic ${Buffer.from(user).toString("base64")}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) throw new Error(`invalid header ${JSON.stringify(name)}`);
    lines.push(`${name}: ${value}`);
  }
  lines.push("Connection: close", "", "");
  return lines.join("\r\n");
}
