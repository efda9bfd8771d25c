import { chunkedDecoder } from "./http1-chunked.js";
import { ProtocolError } from "./http1-error.js";
import type { ResponseHead } from "./http1-head.js";

/**
 * Turns the bytes after a response head into body bytes, following the message's framing
 * (RFC 9112 §6.3): `Transfer-Encoding: chunked`, `Content-Length`, or the end of the connection.
 */
export interface BodyDecoder {
  /**
   * Hands the body bytes of `data` to `emit`, as slices of `data`'s memory (nothing is copied out;
   * chunked framing may be overwritten in place so that small chunks leave as one slice).
   */
  push(data: Buffer, emit: (slice: Buffer) => void): void;
  /** Whether the whole body has been seen (bytes after it are ignored, never emitted). */
  readonly done: boolean;
  /** The body's length when the framing announces it (`Content-Length`, or 0 for 204/304). */
  readonly length: number | undefined;
  /** The connection ended: throws unless that is a valid end of this body. */
  end(): void;
}

/**
 * The decoder for the body that follows `head` (a GET's final answer). Throws a
 * {@link ProtocolError} on framing that could be read two ways, as node:http and fetch do:
 * `Transfer-Encoding` with `Content-Length`, `Transfer-Encoding` in an HTTP/1.0 answer, or several
 * different / non-numeric lengths; and on a transfer coding other than `chunked` (none is asked
 * for, and saving still-encoded bytes would give a wrong file).
 */
export function bodyDecoder(head: ResponseHead): BodyDecoder {
  if (head.status === 204 || head.status === 304) return lengthDecoder(0);
  const codings = (head.headers.get("transfer-encoding") ?? [])
    .flatMap((value) => value.split(","))
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "");
  const lengths = new Set(
    (head.headers.get("content-length") ?? []).flatMap((value) => value.split(",")).map(trim),
  );
  if (codings.length > 0) {
    if (lengths.size > 0) throw new ProtocolError("both Transfer-Encoding and Content-Length");
    if (head.version === "1.0") throw new ProtocolError("Transfer-Encoding in an HTTP/1.0 answer");
    // Only chunked is decoded: a file saved still gzipped (say) would be silently wrong.
    if (codings.join() !== "chunked") {
      throw new ProtocolError(`unsupported Transfer-Encoding: ${codings.join(", ").slice(0, 80)}`);
    }
    return chunkedDecoder();
  }
  if (lengths.size === 0) return closeDecoder();
  const [length = ""] = lengths;
  if (lengths.size > 1 || !/^\d{1,15}$/.test(length)) {
    throw new ProtocolError(`invalid Content-Length: ${[...lengths].join(", ").slice(0, 80)}`);
  }
  return lengthDecoder(Number(length));
}

const trim = (value: string) => value.trim();
const truncated = () => new Error("connection closed before the body ended");

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
    length,
    end() {
      if (remaining > 0) throw truncated();
    },
  };
}

function closeDecoder(): BodyDecoder {
  return {
    push: (data, emit) => data.length > 0 && emit(data),
    done: false,
    length: undefined,
    end() {},
  };
}
