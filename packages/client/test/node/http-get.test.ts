import { once } from "node:events";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server,
  type Socket,
} from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HeadReader } from "../../src/node/head-reader.js";
import { httpGet } from "../../src/node/http-get.js";
import { DownloadError, downloadOutput } from "../../src/node/index.js";

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));
/** Bytes that differ at every offset, so a misplaced or repeated block shows. */
const pattern = (length: number) => {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index + 4 <= length; index += 4) bytes.writeUInt32LE(index, index);
  return bytes;
};

let dir: string;
const servers: Array<Server | HttpServer> = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "apixo-http-get-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) {
    if ("closeAllConnections" in server) server.closeAllConnections();
    server.close();
  }
  await rm(dir, { recursive: true, force: true });
});

async function listen<T extends Server | HttpServer>(server: T): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that answers each request with raw bytes (`answer` may write and end the socket). */
const rawServer = (answer: (socket: Socket, hit: number) => void) => {
  let hits = 0;
  return listen(
    createNetServer((socket) =>
      socket.once("data", () => answer(socket, ++hits)).on("error", () => {}),
    ),
  );
};

describe("httpGet over a plain socket", () => {
  it("saves a large body byte for byte while reusing its few read blocks", async () => {
    const body = pattern(6 * 1024 * 1024 + 3);
    const host = await listen(
      createHttpServer((_request, response) => {
        response.writeHead(200, { "content-length": String(body.length) });
        for (let index = 0; index < body.length; index += 100_000) {
          response.write(body.subarray(index, index + 100_000));
        }
        response.end();
      }),
    );
    const path = await downloadOutput(`http://${host}/big.bin`, join(dir, "big.bin"));
    expect((await readFile(path)).equals(body)).toBe(true);
  });

  it("decodes a chunked body", async () => {
    const host = await listen(
      createHttpServer((_request, response) => {
        response.write("first,");
        setTimeout(() => response.end("second"), 5);
      }),
    );
    const path = await downloadOutput(`http://${host}/c.txt`, join(dir, "c.txt"));
    expect(await readFile(path, "utf8")).toBe("first,second");
  });

  it("reads a body without length to the connection's end, after an interim 103", async () => {
    const host = await rawServer((socket) =>
      socket.end(
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" +
          "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nuntil the end",
      ),
    );
    const path = await downloadOutput(`http://${host}/x.png`, join(dir, "x.png"));
    expect(await readFile(path, "utf8")).toBe("until the end");
  });

  it("reads a head that arrives in pieces", async () => {
    const pieces = ["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 6\r\n\r", "\nsix ok"];
    let send = () => {};
    const host = await rawServer((socket) => {
      send = () => {
        const piece = pieces.shift();
        if (piece !== undefined) socket.write(piece);
      };
      send();
    });
    // Each piece is sent once the client has read the previous one: the head really is split.
    const reads: string[] = [];
    const push = HeadReader.prototype.push;
    vi.spyOn(HeadReader.prototype, "push").mockImplementation(function (this: HeadReader, data) {
      reads.push(data.toString("latin1"));
      const found = push.call(this, data);
      send();
      return found;
    });
    const path = await downloadOutput(`http://${host}/p.bin`, join(dir, "p.bin"));
    expect(await readFile(path, "utf8")).toBe("six ok");
    expect(reads.join("")).toBe("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsix ok");
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it("resumes a chunked body cut mid-chunk with a Range request", async () => {
    const requests: string[] = [];
    let first: Socket | undefined;
    const host = await rawServer((socket, hit) => {
      if (hit === 1) {
        socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n5\r\nef");
        first = socket;
      } else {
        socket.end(
          "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 6-8/9\r\nContent-Length: 3\r\n\r\nghi",
        );
      }
    });
    const server = servers.at(-1) as Server;
    server.on("connection", (socket) =>
      socket.once("data", (request) => requests.push(request.toString())),
    );
    const path = await downloadOutput(`http://${host}/r.bin`, join(dir, "r.bin"), {
      onProgress: ({ received }) => received === 6 && first?.destroy(), // cut once "abcdef" is on disk
    });
    expect(await readFile(path, "utf8")).toBe("abcdefghi");
    expect(requests[1]).toMatch(/\r\nRange: bytes=6-\r\n/);
  });

  it("fails with a DownloadError on an answer that is not HTTP", async () => {
    const host = await rawServer((socket) => socket.end("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    const error = await downloadOutput(`http://${host}/x`, join(dir, "x"), { retries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ message: expect.stringMatching(/not an HTTP/) });
  });
});

describe("httpGet over TLS", () => {
  const serveHttps = async () => {
    const [key, cert] = await Promise.all([
      fixture("localhost-key.pem"),
      fixture("localhost-cert.pem"),
    ]);
    const body = pattern(3 * 1024 * 1024 + 1); // several blocks' worth, so they are reused
    const host = await listen(
      createHttpsServer({ key, cert }, (_request, response) => {
        response.writeHead(200, { "content-length": String(body.length) });
        response.end(body);
      }),
    );
    return { host, cert, body };
  };

  it("downloads over https, checking the server's certificate", async () => {
    const { host, cert, body } = await serveHttps();
    const answer = await httpGet(`https://${host}/s.bin`, { tls: { ca: cert } });
    expect(answer.status).toBe(200);
    const file = await open(join(dir, "s.bin"), "w");
    let written = 0;
    await answer.saveTo(file, (bytes) => {
      written += bytes;
    });
    await file.close();
    expect(written).toBe(body.length);
    expect((await readFile(join(dir, "s.bin"))).equals(body)).toBe(true);
  });

  it("refuses a certificate it cannot verify", async () => {
    const { host } = await serveHttps();
    await expect(httpGet(`https://${host}/s.bin`)).rejects.toThrow(/self-signed|certificate/i);
  });
});
