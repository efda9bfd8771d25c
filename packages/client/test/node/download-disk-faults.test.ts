import { once } from "node:events";
import type * as Fs from "node:fs";
import type * as FsPromises from "node:fs/promises";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DownloadError, downloadOutput } from "../../src/node/index.js";

/**
 * A disk that misbehaves on cue, as real ones do when they fill up: each write takes the next
 * fault from its list ("ok" = a normal write). `short`: only the first half reaches the disk, and
 * the call says so (what write(2) does when the disk fills mid-write). `enospc`: nothing is
 * written, the call fails as a full disk does. `overlap`: everything is written but one byte less
 * is reported, so the file ends up longer than what was counted.
 */
type Fault = "ok" | "short" | "enospc" | "overlap";
const faults = vi.hoisted(() => ({
  writev: [] as Fault[],
  write: [] as Fault[],
  open: [] as string[],
}));

const enospc = () =>
  Object.assign(new Error("ENOSPC: no space left on device, write"), {
    code: "ENOSPC",
    errno: -28,
    syscall: "write",
  });

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  type Callback = (error: NodeJS.ErrnoException | null, written: number) => void;
  const writev = (fd: number, buffers: Buffer[], callback: Callback) => {
    const fault = faults.writev.shift() ?? "ok";
    const bytes = Buffer.concat(buffers);
    if (fault === "enospc") return void setImmediate(() => callback(enospc(), 0));
    const part = fault === "short" ? bytes.subarray(0, bytes.length >> 1) : bytes;
    fs.write(fd, part, (error, written) =>
      callback(error, fault === "overlap" ? written - 1 : written),
    );
  };
  return { ...fs, default: { ...fs, writev }, writev };
});

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const open = async (...args: Parameters<typeof fs.open>) => {
    const code = faults.open.shift();
    if (code) {
      const message = `${code}: permission denied, open '${args[0]}'`;
      throw Object.assign(new Error(message), { code, syscall: "open", path: args[0] });
    }
    const handle = await fs.open(...args);
    const write = handle.write.bind(handle) as (
      ...a: unknown[]
    ) => Promise<{ bytesWritten: number }>;
    // Only the Uint8Array form the fetch path uses: (buffer, offset, length).
    (handle as { write: unknown }).write = (buffer: Uint8Array, offset = 0, length?: number) => {
      const fault = faults.write.shift() ?? "ok";
      const size = length ?? buffer.length - offset;
      if (fault === "enospc") return Promise.reject(enospc());
      return write(buffer, offset, fault === "short" ? size >> 1 : size);
    };
    return handle;
  };
  return { ...fs, default: { ...fs, open }, open };
});

const FILE = Buffer.alloc(100_000);
for (let index = 0; index < FILE.length; index++) FILE[index] = (index * 31) % 251;
const HALF = 40_000;

let server: Server;
let base: string;
let dir: string;
let requests: Array<string | undefined> = [];
/** Sends the rest of the first answer: called once the client has its first part on disk. */
let sendRest = () => {};

beforeAll(async () => {
  server = createServer((request, response: ServerResponse) => {
    requests.push(request.headers.range);
    const start = Number(/bytes=(\d+)-/.exec(request.headers.range ?? "")?.[1] ?? 0);
    response.writeHead(start ? 206 : 200, {
      "content-length": String(FILE.length - start),
      ...(start ? { "content-range": `bytes ${start}-${FILE.length - 1}/${FILE.length}` } : {}),
    });
    if (start) return void response.end(FILE.subarray(start));
    // Two parts, the second only once the first is on disk: two separate writes, for sure.
    response.write(FILE.subarray(0, HALF));
    sendRest = () => response.end(FILE.subarray(HALF));
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(async () => {
  requests = [];
  faults.writev = [];
  faults.write = [];
  faults.open = [];
  dir = await mkdtemp(join(tmpdir(), "apixo-disk-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const modes = [
  ["its own HTTP/1.1", undefined, "writev"],
  ["an injected fetch", fetch, "write"],
] as const;

/** Downloads FILE, the second part sent once the first is on disk. */
const download = (fetchFn: typeof fetch | undefined) =>
  downloadOutput(`${base}/f.bin`, join(dir, "f.bin"), {
    ...(fetchFn ? { fetch: fetchFn } : {}),
    onProgress: ({ received }) => received === HALF && sendRest(),
  });

describe.each(modes)("a disk that fails mid-download, with %s", (_name, fetchFn, call) => {
  it("writes the rest of a short write, so the file is exact, with one request", async () => {
    faults[call] = ["ok", "short"];
    const path = await download(fetchFn);
    expect((await readFile(path)).equals(FILE)).toBe(true);
    expect(requests).toEqual([undefined]);
    expect(faults[call]).toEqual([]); // the faults did happen
  });

  it("fails on a full disk at once, saying so, and leaves no file", async () => {
    faults[call] = ["ok", "short", "enospc"];
    const error = await download(fetchFn).catch((caught: unknown) => caught);
    expect(DownloadError.isInstance(error)).toBe(true);
    const { message } = error as DownloadError;
    expect(message).toMatch(/could not write.*ENOSPC/);
    expect(message).toMatch(/disk \(or your quota\) is full/);
    expect(message).not.toMatch(/network/);
    expect(requests).toEqual([undefined]); // not retried
    expect(await readdir(dir)).toEqual([]);
  });
});

describe.each(modes)("a temp file that cannot be opened, with %s", (_name, fetchFn) => {
  it("fails at once (EACCES), naming the path and the fix", async () => {
    faults.open = ["EACCES"];
    const error = await download(fetchFn).catch((caught: unknown) => caught);
    expect(DownloadError.isInstance(error)).toBe(true);
    const { message } = error as DownloadError;
    expect(message).toMatch(/could not open: EACCES: permission denied, open '.*f\.bin\..*\.part'/);
    expect(message).toMatch(/no permission to write there: choose a writable directory/);
    expect(message).not.toMatch(/network/);
    expect(requests).toEqual([undefined]); // not retried
  });
});

describe("a file whose size on disk is not what was written", () => {
  it("is never renamed into place, nor retried", async () => {
    faults.writev = ["ok", "overlap"];
    const error = await download(undefined).catch((caught: unknown) => caught);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as DownloadError).message).toMatch(
      /could not save .*\.part: 100001 bytes on disk where 100000 were written/,
    );
    expect(requests).toEqual([undefined]);
    expect(await readdir(dir)).toEqual([]);
  });
});
