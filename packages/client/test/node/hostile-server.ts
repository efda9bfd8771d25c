import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";

/** A raw TCP server on 127.0.0.1 for tests: every request's bytes, and each socket's fate. */
export interface RawServer {
  /** `host:port`. */
  host: string;
  /** The first packet of each request, in order. */
  requests: string[];
  /** Resolves once every socket the server accepted is closed. */
  allClosed(): Promise<void>;
  close(): void;
}

/**
 * Starts a server that calls `answer(socket, hit)` once a request's first bytes arrive (`hit`
 * counts from 1); `answer` writes whatever hostile bytes the test needs.
 */
export async function rawServer(answer: (socket: Socket, hit: number) => void): Promise<RawServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket)).on("error", () => {});
    socket.once("data", (data) => {
      requests.push(data.toString("latin1"));
      answer(socket, requests.length);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    allClosed: async () => {
      await Promise.all(
        [...sockets].map((socket) => new Promise((resolve) => socket.once("close", resolve))),
      );
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Writes `piece` again and again, honouring backpressure, until the peer goes away. */
export function writeForever(socket: Socket, piece: string): void {
  const pump = () => {
    while (!socket.destroyed && socket.write(piece)) {}
    if (!socket.destroyed) socket.once("drain", pump);
  };
  pump();
}

/**
 * Per test: a fresh temporary directory (`dir`) and the servers started through `serve` (or handed
 * to `track`), all closed and removed after the test.
 */
export function scratchPerTest(prefix: string) {
  const servers: Array<{ close(): void }> = [];
  const scratch = {
    dir: "",
    track<T extends { close(): void }>(server: T): T {
      servers.push(server);
      return server;
    },
    serve: async (answer: Parameters<typeof rawServer>[0]) =>
      scratch.track(await rawServer(answer)),
  };
  beforeEach(async () => {
    scratch.dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) server.close();
    await rm(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
