/** HTTP/1.1 message heads: the request a download sends, and the response head it parses. */
import { ProtocolError } from "./http1-error.js";

/** A parsed HTTP/1.1 response head: status and headers (names lower-cased, values trimmed). */
export interface ResponseHead {
  /** `"1.0"` or `"1.1"`. */
  version: string;
  status: number;
  /** Every value of each header, in order. */
  headers: Map<string, string[]>;
}

/**
 * A head larger than this, terminator included, is refused (node:http allows 16 KiB; CDNs stay
 * far below).
 */
export const MAX_HEAD_BYTES = 64 * 1024;

/** `HTTP/1.x NNN reason`: a 1xx–5xx status (the reason is checked for control characters). */
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-5]\d\d)(?: |$)/;
/** A header name is an RFC 9110 token: no spaces, no separators, no control characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `text` has a control character other than HTAB (NUL, a bare CR, ESC, DEL…). */
export function hasControl(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Where the blank line ending a head is in `bytes`, searching for its first LF from `from`:
 * `at` is where the head's text ends, `length` the terminator's length (`\n\n` or `\n\r\n`; the
 * CR of a CRLF line end stays in the text). Bare `LF` line ends are accepted, as browsers do.
 */
export function headEnd(bytes: Buffer, from = 0): { at: number; length: number } | undefined {
  for (let lf = bytes.indexOf(10, from); lf >= 0; lf = bytes.indexOf(10, lf + 1)) {
    if (bytes[lf + 1] === 10) return { at: lf, length: 2 };
    if (bytes[lf + 1] === 13 && bytes[lf + 2] === 10) return { at: lf, length: 3 };
  }
  return undefined;
}

/**
 * Parses the head text `bytes[0, end)` (found by {@link headEnd}). Throws a
 * {@link ProtocolError} on a bad status line, a header name that is not a token (`Name :` with a
 * space is a smuggling vector, refused as node:http does), or a control character in a value.
 * Obsolete folded lines are joined with a space (RFC 9112 §5.2).
 */
export function parseHead(bytes: Buffer, end: number): ResponseHead {
  const lines = bytes.toString("latin1", 0, end).split("\n");
  const statusLine = (lines.shift() ?? "").replace(/\r$/, "");
  const match = STATUS_LINE.exec(statusLine);
  if (!match || hasControl(statusLine)) {
    throw new ProtocolError(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 40))}`);
  }
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    if (line === "") continue;
    const folded = line[0] === " " || line[0] === "\t";
    const colon = line.indexOf(":");
    const name = folded ? "" : line.slice(0, colon).toLowerCase();
    const value = (folded ? line : line.slice(colon + 1)).replace(/^[ \t]+|[ \t]+$/g, "");
    const named = colon > 0 && TOKEN.test(name);
    if ((folded ? !last : !named) || hasControl(value)) {
      throw new ProtocolError(`malformed response header: ${JSON.stringify(line.slice(0, 40))}`);
    }
    if (folded && last) {
      last[last.length - 1] = `${last.at(-1)} ${value}`;
      continue;
    }
    last = headers.get(name) ?? [];
    last.push(value);
    headers.set(name, last);
  }
  return { version: `1.${match[1]}`, status: Number(match[2]), headers };
}

/**
 * The head of a GET for `target` with `headers`, asking the server to close the connection after
 * the answer (downloads are large and one at a time: nothing to gain from keeping it) and the
 * body's own bytes. Sends nothing else: no cookies, no API key, no `Authorization`. Throws on a header that would split
 * the request.
 */
export function requestHead(target: URL, headers: Record<string, string>): string {
  const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name) || hasControl(value)) {
      throw new Error(`invalid request header ${JSON.stringify(name)}`);
    }
    lines.push(`${name}: ${value}`);
  }
  // Without Accept-Encoding any content coding is acceptable (RFC 9110 §12.5.3): ask for the
  // file's own bytes, so a gzipping CDN cannot hand over something else to save.
  lines.push("Accept-Encoding: identity", "Connection: close", "", "");
  return lines.join("\r\n");
}
