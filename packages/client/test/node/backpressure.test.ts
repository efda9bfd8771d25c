import { execFileSync } from "node:child_process";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { httpGet } from "../../src/node/http-get.js";
import { ReadBlocks } from "../../src/node/read-blocks.js";
import { scratchPerTest } from "./hostile-server.js";

const scratch = scratchPerTest("apixo-backpressure-");
afterEach(() => {
  vi.restoreAllMocks();
});

const MiB = 1024 * 1024;

/**
 * Watches the client's read memory through its `ReadBlocks`: the bytes read from the socket, and
 * the body slices queued for the disk and not yet written (now and at the peak). Deterministic,
 * unlike heap or kernel buffer sizes.
 */
function watchReads() {
  const seen = {
    read: 0,
    slices: 0,
    bytes: 0,
    peakSlices: 0,
    peakBytes: 0,
    blocks: undefined as ReadBlocks | undefined,
  };
  const held = new Map<ArrayBufferLike, number>();
  const { advance, hold, release } = ReadBlocks.prototype;
  vi.spyOn(ReadBlocks.prototype, "advance").mockImplementation(function (this: ReadBlocks, bytes) {
    seen.blocks = this;
    seen.read += bytes;
    advance.call(this, bytes);
  });
  vi.spyOn(ReadBlocks.prototype, "hold").mockImplementation(function (this: ReadBlocks, slice) {
    held.set(slice.buffer, (held.get(slice.buffer) ?? 0) + 1);
    seen.slices++;
    seen.bytes += slice.length;
    seen.peakSlices = Math.max(seen.peakSlices, seen.slices);
    seen.peakBytes = Math.max(seen.peakBytes, seen.bytes);
    hold.call(this, slice);
  });
  vi.spyOn(ReadBlocks.prototype, "release").mockImplementation(function (this: ReadBlocks, slice) {
    const count = held.get(slice.buffer) ?? 0;
    if (count > 0) {
      held.set(slice.buffer, count - 1);
      seen.slices--;
      seen.bytes -= slice.length;
    }
    return release.call(this, slice);
  });
  return seen;
}

/**
 * Resolves once the client stopped reading because its read blocks are all full and held (the
 * disk takes nothing more), then lets anything still in flight land: an event, not a quiet spell
 * that a busy machine could fake.
 */
async function paused(reads: ReturnType<typeof watchReads>): Promise<void> {
  await vi.waitFor(() => expect(reads.blocks?.exhausted).toBe(true), {
    timeout: 15_000,
    interval: 20,
  });
  for (let last = -1, round = 0; reads.read !== last && round < 20; round++) {
    last = reads.read;
    await delay(50);
  }
}

/**
 * A FIFO as the disk: it takes 64 KiB, then stalls the client's writes until `drain` reads it.
 * `drain` resolves with the bytes read once the writer is closed.
 */
async function stalledDisk() {
  const fifo = join(scratch.dir, "disk");
  execFileSync("mkfifo", [fifo]);
  const [reader, writer] = await Promise.all([open(fifo, "r"), open(fifo, "w")]);
  const drain = async (): Promise<number> => {
    let read = 0;
    for await (const chunk of reader.createReadStream()) read += (chunk as Buffer).length;
    return read;
  };
  return { writer, drain };
}

describe("a fast server and a stalled disk", () => {
  // A FIFO nobody reads is a disk that stops: writes block once its 64 KiB are full.
  it.runIf(process.platform === "linux")(
    "stop the reads (at most the 4 MiB of read blocks are held), then finish byte for byte",
    async () => {
      const total = 64 * MiB;
      let sent = 0;
      const head = `HTTP/1.1 200 OK\r\nContent-Length: ${total}\r\n\r\n`;
      const server = await scratch.serve((socket) => {
        socket.write(head);
        const piece = Buffer.alloc(MiB, 7);
        const pump = () => {
          while (sent < total && !socket.destroyed) {
            sent += piece.length;
            if (!socket.write(piece)) return void socket.once("drain", pump);
          }
          socket.end();
        };
        pump();
      });
      const reads = watchReads();
      const answer = await httpGet(`http://${server.host}/big`);
      const { writer, drain } = await stalledDisk();
      let written = 0;
      const saving = answer.saveTo(writer, (bytes) => {
        written += bytes;
      });
      await paused(reads); // the client stops reading once its blocks are full
      // What it read is either held (at most its 4 MiB of blocks) or in the FIFO's 64 KiB.
      expect(reads.bytes).toBeLessThanOrEqual(4 * MiB);
      expect(reads.read - head.length - written).toBe(reads.bytes);
      expect(reads.read).toBeLessThanOrEqual(4 * MiB + 64 * 1024);
      const reading = drain();
      await saving;
      await writer.close();
      const read = await reading;
      expect([written, read]).toEqual([total, total]);
      expect(reads.peakBytes).toBeLessThanOrEqual(4 * MiB);
    },
  );

  it.runIf(process.platform === "linux")(
    "hold a body of 1-byte chunks in a few slices, not one object per byte",
    async () => {
      const chunks = 4 * MiB; // 4 MiB of body, 24 MiB on the wire
      const wire = Buffer.from("1\r\nx\r\n".repeat(MiB / 8)); // 1/8 MiB body per piece
      let sent = 0;
      const server = await scratch.serve((socket) => {
        socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        const pump = () => {
          while (sent < chunks && !socket.destroyed) {
            sent += MiB / 8;
            if (!socket.write(wire)) return void socket.once("drain", pump);
          }
          socket.end("0\r\n\r\n");
        };
        pump();
      });
      const reads = watchReads();
      const answer = await httpGet(`http://${server.host}/tiny`);
      const { writer, drain } = await stalledDisk();
      const saving = answer.saveTo(writer, () => {});
      // Until the client stops reading: its 4 MiB of read blocks are full (~700 000 chunks).
      await paused(reads);
      expect(reads.bytes).toBeGreaterThan(0);
      // One slice per 1-byte chunk would be ~700 000 objects; compacted, a few per block (7 seen).
      expect(reads.slices).toBeLessThan(100);
      const reading = drain();
      await saving;
      await writer.close();
      const read = await reading;
      expect(read).toBe(chunks);
      expect(reads.peakSlices).toBeLessThan(100);
    },
  );
});
