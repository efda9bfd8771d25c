import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { httpGet } from "../../src/node/http-get.js";
import { type RawServer, rawServer } from "./hostile-server.js";

let dir: string;
let server: RawServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "apixo-backpressure-"));
});
afterEach(async () => {
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

describe("a fast server and a stalled disk", () => {
  // A FIFO nobody reads is a disk that stops: writes block once its 64 KiB are full.
  it.runIf(process.platform === "linux")(
    "stop the reads (at most the 4 MiB of read blocks are held), then finish byte for byte",
    async () => {
      const total = 64 * MiB;
      let sent = 0;
      server = await rawServer((socket) => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${total}\r\n\r\n`);
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
      const fifo = join(dir, "disk");
      execFileSync("mkfifo", [fifo]);
      const answer = await httpGet(`http://${server.host}/big`);
      const [reader, writer] = await Promise.all([open(fifo, "r"), open(fifo, "w")]);
      let written = 0;
      const saving = answer.saveTo(writer, (bytes) => {
        written += bytes;
      });
      await delay(300); // time to flood the client, if it read without bound
      // Besides the client's 4 MiB, only kernel socket buffers (a few MiB on loopback) hold data.
      expect(sent).toBeLessThan(24 * MiB);
      let read = 0;
      const reading = (async () => {
        for await (const chunk of reader.createReadStream()) read += (chunk as Buffer).length;
      })();
      await saving;
      await writer.close();
      await reading;
      expect([written, read]).toEqual([total, total]);
    },
  );

  it.runIf(process.platform === "linux")(
    "hold a body of 1-byte chunks in a few slices, not one object per byte",
    async () => {
      const chunks = 4 * MiB; // 4 MiB of body, 24 MiB on the wire
      const wire = Buffer.from("1\r\nx\r\n".repeat(MiB / 8)); // 1/8 MiB body per piece
      let sent = 0;
      server = await rawServer((socket) => {
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
      const fifo = join(dir, "disk");
      execFileSync("mkfifo", [fifo]);
      const heapBefore = process.memoryUsage().heapUsed;
      const answer = await httpGet(`http://${server.host}/tiny`);
      const [reader, writer] = await Promise.all([open(fifo, "r"), open(fifo, "w")]);
      const saving = answer.saveTo(writer, () => {});
      // Until the server is stuck: the 4 MiB of read blocks are full (~700 000 chunks).
      for (let last = -1; sent !== last; await delay(100)) last = sent;
      // One Buffer object per 1-byte chunk is ~15 MB of heap here; compacted, a few slices.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8 * MiB);
      let read = 0;
      const reading = (async () => {
        for await (const chunk of reader.createReadStream()) read += (chunk as Buffer).length;
      })();
      await saving;
      await writer.close();
      await reading;
      expect(read).toBe(chunks);
    },
    20_000,
  );
});
