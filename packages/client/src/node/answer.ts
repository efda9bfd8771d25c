import type { FileHandle } from "node:fs/promises";

/** An HTTP answer as the download needs it: status, one header at a time, and its body. */
export interface Answer {
  status: number;
  /** The body's length as its framing announces it, if it does (never a decoded size guess). */
  length: number | undefined;
  header(name: string): string | undefined;
  /** Writes the body to `file`, calling `onWritten(bytes)` once each part is on disk. */
  saveTo(file: FileHandle, onWritten: (bytes: number) => void): Promise<void>;
  /** Drops the body unread (an error answer). */
  discard(): void;
}
