import type { ResponseHead } from "./http1-head.js";

/**
 * Turns the bytes after a response head into body bytes, following the message's framing
 * (RFC 9112 §6.3): `Transfer-Encoding: chunked`, `Content-Length`, or the end of the connection.
 */
export interface BodyDecoder {
  /** Hands each body slice of `data` to `emit` (slices share `data`'s memory, nothing is copied). */
  push(data: Buffer, emit: (slice: Buffer) => void): void;
  /** Whether the whole body has been seen (bytes after it are ignored). */
  readonly done: boolean;
  /** The connection ended: throws unless that is a valid end of this body. */
  end(): void;
}

/** Longest chunk-size or trailer line accepted. */
const MAX_LINE = 8 * 1024;

/** The decoder for the body that follows `head` (a GET's response; 1xx heads never get here). */
export function bodyDecoder(head: ResponseHead): BodyDecoder {
  if (head.status === 204 || head.status === 304) return lengthDecoder(0);
  const codings = (head.headers.get("transfer-encoding") ?? []).join(",").toLowerCase();
  if (codings.trim() !== "") {
    // A non-chunked final coding is delimited by the connection's end; Content-Length is ignored.
    return codings.split(",").at(-1)?.trim() === "chunked" ? chunkedDecoder() : closeDecoder();
  }
  const lengths = new Set(
    (head.headers.get("content-length") ?? [])
      .flatMap((value) => value.split(","))
      .map((v) => v.trim()),
  );
  if (lengths.size === 0) return closeDecoder();
  const [length] = lengths;
  if (lengths.size > 1 || !/^\d{1,15}$/.test(length ?? "")) {
    throw new Error(`invalid Content-Length: ${[...lengths].join(", ")}`);
  }
  return lengthDecoder(Number(length));
}

function lengthDecoder(length: number): BodyDecoder {
  let remaining = length;
  return {
    push(data, emit) {
      if (remaining === 0 || data.length === 0) return;
      const slice = data.length <= remaining ? data : data.subarray(0, remaining);
      remaining -= slice.length;
      emit(slice);
    },
    get done() {
      return remaining === 0;
    },
    end() {
      if (remaining > 0) throw new Error("connection closed before the body ended");
    },
  };
}

function closeDecoder(): BodyDecoder {
  return {
    push: (data, emit) => data.length > 0 && emit(data),
    done: false,
    end() {},
  };
}

type ChunkState = "size" | "data" | "data-end" | "trailer" | "done";

function chunkedDecoder(): BodyDecoder {
  let state: ChunkState = "size";
  let remaining = 0;
  let line = "";
  /** Collects a line from `data` at `index`; returns the index after its LF, or -1 if incomplete. */
  const readLine = (data: Buffer, index: number): number => {
    const lf = data.indexOf(10, index);
    line += data.toString("latin1", index, lf < 0 ? data.length : lf);
    if (line.length > MAX_LINE) throw new Error("chunked body: line too long");
    return lf < 0 ? -1 : lf + 1;
  };
  return {
    push(data, emit) {
      let index = 0;
      while (index < data.length && state !== "done") {
        if (state === "data") {
          const take = Math.min(remaining, data.length - index);
          emit(data.subarray(index, index + take));
          index += take;
          remaining -= take;
          if (remaining === 0) state = "data-end";
          continue;
        }
        const next = readLine(data, index);
        if (next < 0) return;
        index = next;
        const text = line.replace(/\r$/, "");
        line = "";
        if (state === "size") {
          const size = text.split(";")[0]?.trim() ?? "";
          if (!/^[0-9a-fA-F]{1,13}$/.test(size)) throw new Error("chunked body: bad chunk size");
          remaining = Number.parseInt(size, 16);
          state = remaining === 0 ? "trailer" : "data";
        } else if (state === "data-end") {
          if (text !== "") throw new Error("chunked body: missing CRLF after a chunk");
          state = "size";
        } else if (text === "") {
          state = "done"; // the blank line closing the (possibly empty) trailer section
        }
      }
    },
    get done() {
      return state === "done";
    },
    end() {
      if (state !== "done") throw new Error("connection closed before the body ended");
    },
  };
}
