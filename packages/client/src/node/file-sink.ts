import { writev } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { FileError } from "./file-error.js";

/**
 * Writes a body to a file with write-behind batching: the first slice is written at once, and the
 * slices that arrive meanwhile go out together in one `writev` as soon as it completes. So a fast
 * disk sees small writes, a slow one few large ones. Slices may be queued before the file is
 * attached (while it is being opened). `onWritten(bytes)` runs after each write, once its bytes
 * are on disk (a safe resume point; if it throws, the body fails with that error);
 * `release(slice)` hands each written slice's memory back.
 */
export class FileSink {
  readonly #release: (slice: Buffer) => void;
  readonly #onWriteError: () => void;
  #queue: Buffer[] = [];
  #file: { fd: number; onWritten: (bytes: number) => void } | undefined;
  #writing = false;
  #ended = false;
  #failure: unknown;
  #settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  /** `onWriteError` runs when a write fails, so the body can stop flowing. */
  constructor(release: (slice: Buffer) => void, onWriteError: () => void) {
    this.#release = release;
    this.#onWriteError = onWriteError;
  }

  /** Queues a body slice (its memory must stay untouched until released). */
  push(slice: Buffer): void {
    if (this.#ended) {
      this.#release(slice); // a write failed: the body is dropped
      return;
    }
    this.#queue.push(slice);
    this.#flush();
  }

  /**
   * The body ended, or failed with `error`: what arrived is still written, then the promise from
   * {@link attach} settles. A write failure reported by `error` takes precedence.
   */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure ??= error;
    this.#flush();
  }

  /** Writes to `file` (now and for the rest of the body); settles when the body is written. */
  attach(file: FileHandle, onWritten: (bytes: number) => void): Promise<void> {
    this.#file = { fd: file.fd, onWritten };
    return new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
      this.#flush();
    });
  }

  #flush(): void {
    const file = this.#file;
    if (this.#writing || !file) return;
    if (this.#queue.length === 0) {
      if (this.#ended && this.#settle) {
        if (this.#failure === undefined) this.#settle.resolve();
        else this.#settle.reject(this.#failure);
      }
      return;
    }
    const batch = this.#queue;
    this.#queue = [];
    const bytes = batch.reduce((sum, slice) => sum + slice.length, 0);
    this.#writing = true;
    // The callback API on the handle's descriptor: one threadpool round trip, no promise per write.
    writev(file.fd, batch, (error, written) => {
      this.#writing = false;
      let failure: unknown = error ? new FileError("write", error) : undefined;
      // A short write (a disk filling up, a signal) put only a prefix on disk: the rest goes out
      // first in the next write, which succeeds or fails with the real reason (ENOSPC…). So the
      // bytes reported are exactly the bytes on disk.
      const done = error ? 0 : Math.max(0, Math.min(written, bytes));
      const rest = unwritten(batch, done);
      for (const slice of batch.slice(0, batch.length - rest.length)) this.#release(slice);
      if (rest.length > 0 && !failure && done > 0) this.#queue.unshift(...rest);
      else {
        for (const slice of rest) this.#release(slice);
        if (rest.length > 0 && !failure) {
          failure = new FileError("write", new Error(`no byte of ${bytes} written`));
        }
      }
      if (!failure && done > 0) {
        try {
          file.onWritten(done);
        } catch (thrown) {
          failure = thrown ?? new Error("onWritten threw"); // not an uncaught exception
        }
      }
      if (failure) {
        this.#failure = failure;
        this.#ended = true;
        for (const slice of this.#queue) this.#release(slice);
        this.#queue = [];
        this.#onWriteError();
      }
      this.#flush();
    });
  }
}

/**
 * What of `batch` its first `written` bytes did not cover: the untouched slices, the first one cut
 * to its remainder (a view of the same memory, released in the slice's place).
 */
function unwritten(batch: Buffer[], written: number): Buffer[] {
  let skip = written;
  for (const [index, slice] of batch.entries()) {
    if (skip < slice.length) return [slice.subarray(skip), ...batch.slice(index + 1)];
    skip -= slice.length;
  }
  return [];
}
