import type { BodyDecoder } from "./http1-body.js";
import { ProtocolError } from "./http1-error.js";

/** Longest chunk-size line (extensions included) or trailer line accepted. */
const MAX_LINE = 8 * 1024;
/** Most trailer bytes accepted after the last chunk (they are read and ignored). */
const MAX_TRAILER = 64 * 1024;
/** Chunk data shorter than this is moved next to the previous data instead of emitted alone. */
const SMALL = 4096;

type ChunkState = "size" | "data" | "data-end" | "trailer" | "done";

/**
 * A `Transfer-Encoding: chunked` body (RFC 9112 §7.1). Chunk sizes have at most 13 hex digits
 * (below 2^53: no overflow), extensions are ignored (but, like every framing line, may hold no
 * control character such as a bare CR), trailers read (up to 64 KiB) and ignored,
 * data must be followed by a line end. Small chunks are compacted in place over the framing that
 * separated them, so a server sending 1-byte chunks yields a few large slices per read, not one
 * object per byte; data of 4 KiB or more is emitted where it lies (never copied).
 */
export function chunkedDecoder(): BodyDecoder {
  let state: ChunkState = "size";
  let remaining = 0;
  let line = "";
  let trailer = 0;
  /** Collects a line from `data` at `index`; returns the index after its LF, or -1 if incomplete. */
  const readLine = (data: Buffer, index: number): number => {
    const lf = data.indexOf(10, index);
    const end = lf < 0 ? data.length : lf;
    if (line.length + end - index > MAX_LINE)
      throw new ProtocolError("chunked body: line too long");
    line += data.toString("latin1", index, end);
    return lf < 0 ? -1 : lf + 1;
  };
  return {
    push(data, emit) {
      let index = 0;
      // The data not yet emitted: `data[runStart, runEnd)`.
      let runStart = 0;
      let runEnd = 0;
      const flush = () => {
        if (runEnd > runStart) emit(data.subarray(runStart, runEnd));
        runStart = runEnd = 0;
      };
      while (index < data.length && state !== "done") {
        if (state === "data") {
          const take = Math.min(remaining, data.length - index);
          if (runEnd > runStart && take < SMALL) {
            data.copy(data, runEnd, index, index + take); // over framing already parsed
            runEnd += take;
          } else {
            flush();
            runStart = index;
            runEnd = index + take;
          }
          index += take;
          remaining -= take;
          if (remaining === 0) state = "data-end";
          continue;
        }
        // A framing line whole in `data` (the usual case) is parsed in place, without a string;
        // one split across reads is gathered in `line` first.
        const start = index;
        let bytes = data;
        let from = index;
        let to = line === "" ? data.indexOf(10, index) : -1;
        if (to >= 0 && to - index <= MAX_LINE) {
          index = to + 1;
        } else {
          const next = readLine(data, index);
          index = next < 0 ? data.length : next;
          if (next >= 0) {
            bytes = Buffer.from(line, "latin1");
            [from, to, line] = [0, bytes.length, ""];
          }
        }
        if (state === "trailer") trailer += index - start;
        if (trailer > MAX_TRAILER) throw new ProtocolError("chunked body: trailer too long");
        if (line !== "" || to < 0) break; // the line goes on in the next read
        if (to > from && bytes[to - 1] === 13) to--; // CRLF, or a bare LF
        if (state === "size") {
          remaining = chunkSize(bytes, from, to);
          state = remaining === 0 ? "trailer" : "data";
          continue;
        }
        checkControls(bytes, from, to);
        if (state === "data-end") {
          if (to !== from) throw new ProtocolError("chunked body: missing CRLF after a chunk");
          state = "size";
        } else if (to === from) {
          state = "done"; // the blank line closing the (possibly empty) trailer section
        }
      }
      flush();
    },
    get done() {
      return state === "done";
    },
    length: undefined,
    end() {
      if (state !== "done") throw new Error("connection closed before the body ended");
    },
  };
}

const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x09;

/**
 * The chunk size on the line `bytes[from, to)`: 1 to 13 hex digits (below 2^53: no overflow),
 * then optional blanks and `;extensions`, which are ignored but checked for control characters.
 */
function chunkSize(bytes: Buffer, from: number, to: number): number {
  let index = from;
  while (index < to && isBlank(bytes[index])) index++;
  let size = 0;
  let digits = 0;
  for (; index < to; index++, digits++) {
    const digit = HEX.indexOf(String.fromCharCode(bytes[index] as number).toLowerCase());
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  while (index < to && isBlank(bytes[index])) index++;
  if (digits === 0 || digits > 13 || (index < to && bytes[index] !== 0x3b)) {
    const shown = bytes.toString("latin1", from, Math.min(to, from + 20));
    throw new ProtocolError(`chunked body: bad chunk size ${JSON.stringify(shown)}`);
  }
  checkControls(bytes, index, to);
  return size;
}

const HEX = "0123456789abcdef";

/** Throws if `bytes[from, to)` holds a control character other than HTAB (NUL, a bare CR…). */
function checkControls(bytes: Buffer, from: number, to: number): void {
  for (let index = from; index < to; index++) {
    const byte = bytes[index] as number;
    if ((byte < 0x20 && byte !== 0x09) || byte === 0x7f) {
      throw new ProtocolError("chunked body: control character in a line");
    }
  }
}
