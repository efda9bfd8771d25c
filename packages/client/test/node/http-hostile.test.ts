import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import type { Socket } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { AbortError } from "../../src/index.js";
import { ProtocolError } from "../../src/node/http1-error.js";
import { DownloadError, downloadOutput } from "../../src/node/index.js";
import { type RawServer, scratchPerTest, writeForever } from "./hostile-server.js";

const scratch = scratchPerTest("apixo-hostile-");

/**
 * Downloads a 6-byte file whose first answer is cut after "abc" (once it is on disk); the resume
 * request gets `resumeAnswer`, any later one the whole file. Resolves with the server and the path.
 */
async function resumeAnswered(resumeAnswer: string, fetchFn: typeof fetch | undefined) {
  let first: Socket | undefined;
  const server = await scratch.serve((socket, hit) => {
    if (hit === 1) {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc");
      first = socket;
    } else if (hit === 2) {
      socket.end(resumeAnswer);
    } else {
      socket.end("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef");
    }
  });
  const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"), {
    ...(fetchFn ? { fetch: fetchFn } : {}),
    onProgress: ({ received }) => received === 3 && first?.destroy(), // "abc" is on disk
  });
  return { server, path };
}
const { serve } = scratch;

/** Downloads from `server` (no retries unless given) and returns the error it fails with. */
async function failure(server: RawServer, options: { retries?: number; path?: string } = {}) {
  const error = await downloadOutput(
    `http://${server.host}${options.path ?? "/f.bin"}`,
    join(scratch.dir, "f.bin"),
    { retries: options.retries ?? 0 },
  ).catch((caught: unknown) => caught);
  expect(DownloadError.isInstance(error)).toBe(true);
  expect(await readdir(scratch.dir)).toEqual([]); // no file, not even a partial one
  return error as DownloadError;
}

describe("a hostile server's head", () => {
  it("is cut off at 64 KiB when headers never end, without a retry", async () => {
    const server = await serve((socket) => {
      socket.write("HTTP/1.1 200 OK\r\n");
      writeForever(socket, "X-Filler: 0123456789abcdef\r\n");
    });
    const error = await failure(server, { retries: 3 });
    expect(error.cause).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(/response head over 65536 bytes/);
    expect(server.requests).toHaveLength(1);
    await server.allClosed();
  });

  it("is refused when interim 1xx answers never end", async () => {
    const server = await serve((socket) =>
      writeForever(socket, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"),
    );
    expect((await failure(server)).message).toMatch(/interim/);
    await server.allClosed();
  });

  it.each([
    ["a space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc", /malformed/],
    ["a bare CR in a value", "HTTP/1.1 200 OK\r\nX: a\rContent-Length: 3\r\n\r\nabc", /malformed/],
    ["NUL in a value", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\nabc", /malformed/],
    [
      "conflicting lengths",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabc",
      /Content-Length/,
    ],
    ["a negative length", "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\nabc", /Content-Length/],
    [
      "chunked with Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      /both Transfer-Encoding and Content-Length/,
    ],
    [
      "a status outside 1xx–5xx",
      "HTTP/1.1 700 Weird\r\nContent-Length: 3\r\n\r\nabc",
      /not an HTTP/,
    ],
  ])("is refused on %s, without a retry", async (_name, wire, message) => {
    const server = await serve((socket) => socket.end(wire));
    const error = await failure(server, { retries: 3 });
    expect(error.message).toMatch(message);
    expect(error.cause).toBeInstanceOf(ProtocolError);
    expect(server.requests).toHaveLength(1);
  });

  it("accepts an obsolete folded header, joining it with a space", async () => {
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\nContent-Length: 2\r\n\r\nok"),
    );
    const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"));
    expect(await readFile(path, "utf8")).toBe("ok");
  });
});

describe("a hostile server's body", () => {
  it("never writes bytes past Content-Length to the file", async () => {
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcdHTTP/1.1 200 OK\r\n\r\nEXTRA"),
    );
    const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"));
    expect(await readFile(path, "utf8")).toBe("abcd");
  });

  it("never writes bytes past the last chunk to the file", async () => {
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\nEXTRA"),
    );
    const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"));
    expect(await readFile(path, "utf8")).toBe("ab");
  });

  it("treats a close mid-chunk as truncation, never as a complete short file", async () => {
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-half"),
    );
    expect((await failure(server)).message).toMatch(/closed before the body ended/);
  });

  it("treats a close before the final 0-chunk as truncation", async () => {
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"),
    );
    expect((await failure(server)).message).toMatch(/closed before the body ended/);
  });

  it.each([
    ["an overflowing chunk size", `${"f".repeat(17)}\r\n`, /bad chunk size/],
    ["data without its CRLF", "3\r\nabcdef\r\n0\r\n\r\n", /missing CRLF/],
    ["endless trailers", `0\r\n${"T: x\r\n".repeat(20_000)}`, /trailer too long/],
  ])("refuses %s in a chunked body", async (_name, wire, message) => {
    const server = await serve((socket) =>
      socket.end(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${wire}`),
    );
    const error = await failure(server, { retries: 2 });
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });

  it("saves a body sent as 1-byte chunks with extensions and trailers, byte for byte", async () => {
    const body = Buffer.alloc(300_000);
    for (let index = 0; index < body.length; index++) body[index] = (index * 7) % 256;
    const server = await serve((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      const pieces: Buffer[] = [];
      for (const byte of body)
        pieces.push(Buffer.from("1;e=v\r\n"), Buffer.of(byte), Buffer.from("\r\n"));
      socket.end(Buffer.concat([...pieces, Buffer.from("0\r\nX-Trailer: t\r\n\r\n")]));
    });
    const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"));
    expect((await readFile(path)).equals(body)).toBe(true);
  });

  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])(
    "saves an empty file for a 204 with %s, whatever its Content-Length says",
    async (_name, fetchFn) => {
      const server = await serve((socket) =>
        socket.end("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"),
      );
      const path = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"), {
        ...(fetchFn ? { fetch: fetchFn } : {}),
      });
      expect(await readFile(path, "utf8")).toBe("");
    },
  );

  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])(
    "restarts instead of appending a range that starts at the wrong byte (%s)",
    async (_name, fetchFn) => {
      const { server, path } = await resumeAnswered(
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-5/6\r\nContent-Length: 6\r\n\r\nabcdef",
        fetchFn,
      );
      expect(await readFile(path, "utf8")).toBe("abcdef");
      expect(server.requests[1]).toMatch(/\r\nrange: bytes=3-\r\n/i);
      expect(server.requests[2]).not.toMatch(/range:/i);
    },
  );
});

describe("an IPv6 literal URL", () => {
  // An IPv4-mapped address reaches 127.0.0.1 through an IPv6 socket: the brackets must go from
  // the address connected to, and stay in the Host header.
  it.runIf(existsSync("/proc/net/if_inet6") || process.platform !== "linux")(
    "connects without the brackets and sends them in Host",
    async () => {
      const server = await serve((socket) =>
        socket.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6"),
      );
      const port = server.host.split(":")[1];
      const path = await downloadOutput(
        `http://[::ffff:127.0.0.1]:${port}/f`,
        join(scratch.dir, "f"),
      );
      expect(await readFile(path, "utf8")).toBe("v6");
      expect(server.requests[0]).toMatch(
        new RegExp(`\\r\\nHost: \\[::ffff:7f00:1\\]:${port}\\r\\n`),
      );
    },
  );
});

describe("a resumed range longer than announced", () => {
  it("is never kept: the download starts over", async () => {
    const { server, path } = await resumeAnswered(
      "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 3-5/6\r\nContent-Length: 6\r\n\r\ndefXYZ",
      undefined,
    );
    expect(await readFile(path, "utf8")).toBe("abcdef");
    expect(server.requests[1]).toMatch(/\r\nrange: bytes=3-\r\n/i);
    expect(server.requests[2]).not.toMatch(/range:/i);
  });
});

describe("aborting", () => {
  it.each([
    ["while the head is awaited", "HTTP/1.1 200 OK\r\nContent-Le"],
    ["mid-body", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"],
  ])("%s closes the socket and leaves no file", async (_name, wire) => {
    const controller = new AbortController();
    const server = await serve((socket) =>
      socket.write(wire, () => setTimeout(() => controller.abort(), 20)),
    );
    const error = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"), {
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    await server.allClosed();
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it("during the wait between attempts ends the wait at once", async () => {
    const controller = new AbortController();
    // Four 503s: the waits after them are 250, 500, 1,000 and then 2,000 ms. On this clock the
    // first three pass at once and the fourth lasts an hour, with the abort landing in it: only a
    // wait that honours the signal ends before the test's timeout, however busy the machine.
    const waits: number[] = [];
    let aborted = false;
    const clock = {
      sleep: (ms: number, signal?: AbortSignal) => {
        waits.push(ms);
        if (ms < 2000) return systemClock.sleep(0, signal);
        setTimeout(() => {
          aborted = true;
          controller.abort();
        }, 20);
        return systemClock.sleep(3_600_000, signal);
      },
    };
    const server = await serve((socket) =>
      socket.end("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"),
    );
    const error = await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"), {
      signal: controller.signal,
      retries: 5,
      clock,
    }).catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(waits).toEqual([250, 500, 1000, 2000]);
    expect(aborted).toBe(true);
    expect(server.requests).toHaveLength(4);
  });
});

describe("after failures of every kind", () => {
  it.runIf(process.platform === "linux")("no socket or file descriptor is left open", async () => {
    const openFds = async () => (await readdir("/proc/self/fd")).length;
    /** The count once closes in flight have landed: polled until it stops falling, or until it is
     * down to `target` (at most ~10 s, room for a busy machine; a count at the target ends at once). */
    const settledFds = async (target = 0) => {
      let count = await openFds();
      for (let round = 0; round < 500 && count > target; round++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const next = await openFds();
        if (next >= count && target === 0) break; // stable
        count = next;
      }
      return count;
    };
    const wires = [
      "HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc", // malformed head
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", // bad chunk
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", // truncated
      "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabc", // an HTTP error
    ];
    const run = async () => {
      for (const wire of wires) {
        const server = await serve((socket) => socket.end(wire));
        await downloadOutput(`http://${server.host}/f`, join(scratch.dir, "f"), {
          retries: 0,
        }).catch(() => undefined);
        await server.allClosed();
        server.close(); // its listening socket is a descriptor too
      }
    };
    await run(); // warms up whatever the runtime opens once
    const before = await settledFds();
    for (let round = 0; round < 5; round++) await run();
    // 20 failed downloads: a leak of one socket or file each would show as 20 descriptors.
    expect(await settledFds(before + 2)).toBeLessThanOrEqual(before + 2);
    expect(await readdir(scratch.dir)).toEqual([]);
  });
});
