import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import type { AddressInfo, LookupFunction } from "node:net";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { describe, expect, it } from "vitest";
import { httpGet } from "../../src/node/http-get.js";
import { ProtocolError } from "../../src/node/http1-error.js";
import { DownloadError, downloadOutput, downloadTask } from "../../src/node/index.js";
import { type RawServer, scratchPerTest } from "./hostile-server.js";

const scratch = scratchPerTest("apixo-redirect-");
const { serve } = scratch;
const redirectTo =
  (location: string, status = 302) =>
  (socket: import("node:net").Socket) =>
    socket.end(`HTTP/1.1 ${status} Moved\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`);
const ok = (body: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

async function failure(url: string) {
  const error = await downloadOutput(url, join(scratch.dir, "f"), { retries: 2 }).catch(
    (caught: unknown) => caught,
  );
  expect(DownloadError.isInstance(error)).toBe(true);
  expect(await readdir(scratch.dir)).toEqual([]);
  return error as DownloadError;
}

describe("redirects", () => {
  it("stops after 5, without a retry", async () => {
    const server = await serve(redirectTo("/again"));
    const error = await failure(`http://${server.host}/f`);
    expect(error.message).toMatch(/too many redirects/);
    expect(error.cause).toBeInstanceOf(ProtocolError);
    expect(server.requests).toHaveLength(6);
  });

  it("resolves a relative Location against the current URL", async () => {
    const server = await serve((socket, hit) =>
      hit === 1 ? redirectTo("next/x.bin", 307)(socket) : socket.end(ok("moved")),
    );
    const path = await downloadOutput(`http://${server.host}/a/f.bin?q=1`, join(scratch.dir, "f"));
    expect(await readFile(path, "utf8")).toBe("moved");
    expect(server.requests[1]).toMatch(/^GET \/a\/next\/x\.bin HTTP\/1\.1\r\n/);
  });

  it("sends another origin nothing but Host, Accept-Encoding, Connection (and Range)", async () => {
    const target = await serve((socket) => socket.end(ok("there")));
    const origin = await serve(redirectTo(`http://${target.host}/b`, 301));
    const path = await downloadOutput(`http://${origin.host}/a`, join(scratch.dir, "f"));
    expect(await readFile(path, "utf8")).toBe("there");
    expect(target.requests).toEqual([
      `GET /b HTTP/1.1\r\nHost: ${target.host}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n`,
    ]);
  });

  it.each([
    ["a Location with credentials", "http://user:pw@127.0.0.1:9/x", /credentials/],
    ["a non-HTTP Location", "file:///etc/passwd", /file:/],
    ["an unparseable Location", "http://[oops/", /invalid redirect Location/],
  ])("refuses %s, without a retry", async (_name, location, message) => {
    const server = await serve(redirectTo(location));
    const error = await failure(`http://${server.host}/f`);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });

  it("hands a 300 or a 3xx without Location back as an HTTP error", async () => {
    const multiple = await serve(redirectTo("/other", 300));
    expect(await failure(`http://${multiple.host}/f`)).toMatchObject({ status: 300 });
    const bare = await serve((socket) =>
      socket.end("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"),
    );
    expect(await failure(`http://${bare.host}/f`)).toMatchObject({ status: 302 });
  });
});

describe("URLs with credentials", () => {
  /** Every text an error carries, down its cause chain. */
  const everything = (error: unknown): string => {
    const parts: string[] = [];
    for (let at = error; at instanceof Error; at = at.cause) {
      parts.push(at.message, String(at.stack), JSON.stringify(at));
    }
    return parts.join("\n");
  };

  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])(
    "are refused before connecting with %s, not retried, and the password is never shown",
    async (_name, fetchFn) => {
      const server = await serve((socket) => socket.end(ok("no")));
      let calls = 0;
      const counting: typeof fetch | undefined =
        fetchFn &&
        ((input, init) => {
          calls++;
          return fetchFn(input, init);
        });
      const error = await downloadOutput(
        `http://user:s3cret@${server.host}/f`,
        join(scratch.dir, "f"),
        {
          retries: 3,
          ...(counting ? { fetch: counting } : {}),
        },
      ).catch((caught: unknown) => caught);
      expect(DownloadError.isInstance(error)).toBe(true);
      expect((error as DownloadError).message).toMatch(/refused: the URL carries credentials/);
      expect((error as DownloadError).message).not.toMatch(/answer was refused|network/);
      expect((error as DownloadError).url).toBe(`http://***@${server.host}/f`);
      expect(everything(error)).not.toMatch(/s3cret/);
      expect([server.requests.length, calls]).toEqual([0, 0]);
      expect(await readdir(scratch.dir)).toEqual([]);
    },
  );

  it("make downloadTask refuse the task before downloading any of its files", async () => {
    const server = await serve((socket) => socket.end(ok("no")));
    const task = {
      model: "nano-banana",
      taskId: "t1",
      state: "success" as const,
      createTime: Date.now(),
      resultUrls: [`http://${server.host}/1.png`, `http://u:s3cret@${server.host}/2.png`],
    };
    for (const fetchFn of [undefined, fetch]) {
      const error = await downloadTask(task, scratch.dir, fetchFn ? { fetch: fetchFn } : {}).catch(
        (caught: unknown) => caught,
      );
      expect((error as DownloadError).message).toMatch(/credentials/);
      expect(everything(error)).not.toMatch(/s3cret/);
    }
    expect(server.requests).toHaveLength(0);
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it("masks them even in a URL that does not parse", async () => {
    const error = await downloadOutput("http://u:s3cret@bad host/f", join(scratch.dir, "f")).catch(
      (caught: unknown) => caught,
    );
    expect((error as DownloadError).message).toMatch(/not a valid URL/);
    expect(everything(error)).not.toMatch(/s3cret/);
  });
});

describe("TLS", () => {
  const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));
  /** Resolves every name to 127.0.0.1, so a URL can name a host the certificate does or does not cover. */
  const toLoopback = ((
    _host: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) =>
    options.all
      ? callback(null, [{ address: "127.0.0.1", family: 4 }])
      : callback(null, "127.0.0.1", 4)) as unknown as LookupFunction;

  /** A TLS server (certificate for localhost and 127.0.0.1) answering `wire`; records each SNI. */
  async function serveTls(wire: string) {
    const [key, cert] = await Promise.all([
      fixture("localhost-key.pem"),
      fixture("localhost-cert.pem"),
    ]);
    const names: Array<string | false | null> = [];
    const server: TlsServer = createTlsServer({ key, cert }, (socket) => {
      names.push(socket.servername);
      socket.on("error", () => {}).once("data", () => socket.end(wire));
    });
    scratch.track(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return { port: (server.address() as AddressInfo).port, cert, names };
  }

  it("sends the host name as SNI, and no SNI for an IP literal", async () => {
    const { port, cert, names } = await serveTls(ok("tls"));
    for (const host of ["localhost", "127.0.0.1"]) {
      const answer = await httpGet(`https://${host}:${port}/f`, {
        tls: { ca: cert, lookup: toLoopback },
      });
      expect(answer.status).toBe(200);
      answer.discard();
    }
    expect(names).toEqual(["localhost", false]);
  });

  it("checks that the certificate names the URL's host", async () => {
    const { port, cert } = await serveTls(ok("tls"));
    await expect(
      httpGet(`https://cdn.example:${port}/f`, { tls: { ca: cert, lookup: toLoopback } }),
    ).rejects.toThrow(/altnames|does not match/i);
  });

  it("refuses a redirect from https: to http:", async () => {
    const plain = await serve((socket) => socket.end(ok("downgraded")));
    const { port, cert } = await serveTls(
      `HTTP/1.1 302 Found\r\nLocation: http://${plain.host}/f\r\nContent-Length: 0\r\n\r\n`,
    );
    const error = await httpGet(`https://127.0.0.1:${port}/f`, { tls: { ca: cert } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/https: to http:/);
    expect(plain.requests).toHaveLength(0);
  });
});

describe("timeouts", () => {
  it("fails a connection that never completes its TLS handshake", async () => {
    const silent: RawServer = await serve(() => {}); // takes the ClientHello, says nothing
    const port = silent.host.split(":")[1];
    await expect(httpGet(`https://127.0.0.1:${port}/f`, { connectTimeoutMs: 50 })).rejects.toThrow(
      /could not connect to 127\.0\.0\.1:\d+ within 50 ms/,
    );
    await silent.allClosed();
  });

  it("fails a connected server that goes silent", async () => {
    const silent = await serve((socket) => socket.write("HTTP/1.1 200 OK\r\n"));
    await expect(httpGet(`http://${silent.host}/f`, { idleTimeoutMs: 50 })).rejects.toThrow(
      /no data from 127\.0\.0\.1:\d+ for 50 ms/,
    );
    await silent.allClosed();
  });

  it("an abort during the TLS handshake closes the socket", async () => {
    const silent = await serve(() => {});
    const controller = new AbortController();
    const pending = httpGet(`https://${silent.host}/f`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/aborted/);
    await silent.allClosed();
  });

  it("an already aborted signal never sends the request", async () => {
    const server = await serve((socket) => socket.end(ok("no")));
    await expect(
      httpGet(`http://${server.host}/f`, { signal: AbortSignal.abort() }),
    ).rejects.toThrow(/aborted/);
    await server.allClosed();
    expect(server.requests).toHaveLength(0);
  });
});
