import type { BodyDecoder } from "./http1-body.js";
import { ProtocolError } from "./http1-error.js";
import { hasControl } from "./http1-head.js";

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
        const start = index;
        const next = readLine(data, index);
        if (state === "trailer") {
          trailer += (next < 0 ? data.length : next) - start;
          if (trailer > MAX_TRAILER) throw new ProtocolError("chunked body: trailer too long");
        }
        if (next < 0) break;
        index = next;
        const text = line.replace(/\r$/, "");
        line = "";
        if (hasControl(text)) throw new ProtocolError("chunked body: control character in a line");
        if (state === "size") {
          const size = text.split(";")[0]?.replace(/^[ \t]+|[ \t]+$/g, "") ?? "";
          if (!/^[0-9a-fA-F]{1,13}$/.test(size)) {
            throw new ProtocolError(
              `chunked body: bad chunk size ${JSON.stringify(size.slice(0, 20))}`,
            );
          }
          remaining = Number.parseInt(size, 16);
          state = remaining === 0 ? "trailer" : "data";
        } else if (state === "data-end") {
          if (text !== "") throw new ProtocolError("chunked body: missing CRLF after a chunk");
          state = "size";
        } else if (text === "") {
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
