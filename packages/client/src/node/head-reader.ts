import { ProtocolError } from "./http1-error.js";
import { headEnd, MAX_HEAD_BYTES, parseHead, type ResponseHead } from "./http1-head.js";

/** Interim (1xx) answers accepted before the final one; more is a server looping on them. */
export const MAX_INTERIM = 10;

/**
 * Reads a response head from the bytes a connection delivers, however they are split. A head
 * that arrives whole in one read is parsed in place; one split across reads is gathered in a
 * single buffer of {@link MAX_HEAD_BYTES} (each byte copied once, each searched about once: no
 * quadratic work on a server trickling one byte at a time). Interim answers (100 Continue,
 * 103 Early Hints) are skipped, at most {@link MAX_INTERIM} of them.
 */
export class HeadReader {
  #buffer: Buffer | undefined;
  #length = 0;
  #interim = 0;

  /**
   * Feeds `data`. Returns the final head and the bytes after it (the body's start, sharing
   * `data`'s memory), or `undefined` while the head is incomplete. Throws a
   * {@link ProtocolError} on an oversized or malformed head, too many interim answers, or a
   * `101 Switching Protocols` (never asked for).
   */
  push(data: Buffer): { head: ResponseHead; rest: Buffer } | undefined {
    let pending = data;
    for (;;) {
      const found = this.#length === 0 ? this.#direct(pending) : this.#gathered(pending);
      if (!found) return undefined;
      const { head, rest } = found;
      if (head.status === 101) throw new ProtocolError("unexpected 101 Switching Protocols");
      if (head.status >= 200) return found;
      if (++this.#interim > MAX_INTERIM) {
        throw new ProtocolError(`more than ${MAX_INTERIM} interim (1xx) responses`);
      }
      pending = rest;
    }
  }

  /** A head searched for in `data` alone (nothing gathered yet). */
  #direct(data: Buffer): { head: ResponseHead; rest: Buffer } | undefined {
    const end = headEnd(data);
    if (end === undefined) {
      this.#append(data);
      return undefined;
    }
    const size = end.at + end.length;
    if (size > MAX_HEAD_BYTES) throw tooLarge();
    return { head: parseHead(data, end.at), rest: data.subarray(size) };
  }

  /** A head whose start was gathered from earlier reads, continued by `data`. */
  #gathered(data: Buffer): { head: ResponseHead; rest: Buffer } | undefined {
    const before = this.#length;
    this.#append(data.subarray(0, MAX_HEAD_BYTES - before));
    const buffer = this.#buffer as Buffer;
    const end = headEnd(buffer.subarray(0, this.#length), Math.max(0, before - 3));
    if (end === undefined) {
      if (this.#length >= MAX_HEAD_BYTES) throw tooLarge();
      return undefined;
    }
    this.#length = 0;
    // The terminator ends in `data`: what follows it there is the body.
    return { head: parseHead(buffer, end.at), rest: data.subarray(end.at + end.length - before) };
  }

  #append(bytes: Buffer): void {
    if (this.#length + bytes.length > MAX_HEAD_BYTES) throw tooLarge();
    this.#buffer ??= Buffer.allocUnsafe(MAX_HEAD_BYTES);
    bytes.copy(this.#buffer, this.#length);
    this.#length += bytes.length;
  }
}

const tooLarge = () => new ProtocolError(`response head over ${MAX_HEAD_BYTES} bytes`);
