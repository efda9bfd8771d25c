import { once } from "node:events";
import { appendFileSync, mkdirSync, readdirSync, truncateSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AbortError, type Task } from "../../src/index.js";
import { DownloadError, downloadOutput, downloadTask } from "../../src/node/index.js";
import { scratchPerTest } from "./hostile-server.js";

const FILE = Buffer.from("0123456789".repeat(1000)); // 10 000 bytes

type Route = (request: IncomingMessage, response: ServerResponse, hit: number) => void;
let route: Route;
let hits: Array<{ url: string; range: string | undefined }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push({ url: request.url ?? "", range: request.headers.range });
    route(request, response, hits.length);
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
const scratch = scratchPerTest("apixo-download-");
beforeEach(() => {
  hits = [];
});

/** Sends `FILE` from `start`, as a 206 when asked for a range; `cutAt` ends the socket early. */
function serve(
  response: ServerResponse,
  { start = 0, partial = false, cutAt }: { start?: number; partial?: boolean; cutAt?: number },
) {
  const body = FILE.subarray(start);
  response.writeHead(partial ? 206 : 200, {
    "content-length": String(body.length),
    ...(partial ? { "content-range": `bytes ${start}-${FILE.length - 1}/${FILE.length}` } : {}),
  });
  if (cutAt === undefined) return response.end(body);
  response.write(body.subarray(0, cutAt), () => response.destroy());
}

const rangeStart = (request: IncomingMessage) =>
  Number(/bytes=(\d+)-/.exec(request.headers.range ?? "")?.[1] ?? 0);

/**
 * Downloads `FILE` as a.jpg, cutting the first answer once 4000 bytes are on disk (after `tamper`
 * ran) and answering the resume's `Range` with a 206.
 */
function cutAfter4000(tamper: () => void, fetchFn: typeof fetch | undefined) {
  let cut = () => {};
  route = (request, response, hit) => {
    if (hit > 1) return serve(response, { start: rangeStart(request), partial: true });
    response.writeHead(200, { "content-length": String(FILE.length) });
    response.write(FILE.subarray(0, 4000));
    cut = () => response.destroy();
  };
  return downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
    ...(fetchFn ? { fetch: fetchFn } : {}),
    onProgress: ({ received }) => {
      if (received !== 4000) return;
      tamper();
      cut();
    },
  });
}

describe("downloadOutput", () => {
  it("streams to the destination through a temp file and reports progress", async () => {
    route = (_request, response) => serve(response, {});
    const seen: number[] = [];
    const path = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "sub", "a.jpg"), {
      onProgress: ({ received }) => seen.push(received),
    });
    expect(await readFile(path)).toEqual(FILE);
    expect(seen.at(-1)).toBe(FILE.length);
    expect(await readdir(join(scratch.dir, "sub"))).toEqual(["a.jpg"]);
  });

  it("resumes a cut transfer with a Range request", async () => {
    // Cut the connection once the first 4000 bytes are on disk, so the resume point is known.
    const path = await cutAfter4000(() => {}, undefined);
    expect(await readFile(path)).toEqual(FILE);
    expect(hits.map((hit) => hit.range)).toEqual([undefined, "bytes=4000-"]);
  });

  it("restarts when the server ignores Range", async () => {
    route = (_request, response, hit) => serve(response, hit === 1 ? { cutAt: 3000 } : {});
    const path = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"));
    expect(await readFile(path)).toEqual(FILE);
    expect(hits).toHaveLength(2);
  });

  it("fails on truncation after the retries, leaving no partial file", async () => {
    route = (_request, response) => serve(response, { cutAt: 100 });
    const error = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
      retries: 1,
    }).catch((caught) => caught);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(hits).toHaveLength(2);
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it("pauses between attempts on the injected clock: 250 ms × 2ⁿ", async () => {
    route = (_request, response, hit) => serve(response, hit < 4 ? { cutAt: 100 } : {});
    const pauses: number[] = [];
    const clock = { sleep: async (ms: number) => void pauses.push(ms) };
    const path = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), { clock });
    expect(await readFile(path)).toEqual(FILE);
    expect(pauses).toEqual([250, 500, 1000]);
  });

  it("does not retry a 404 and names the status", async () => {
    route = (_request, response) => response.writeHead(404).end();
    const error = await downloadOutput(`${base}/gone.jpg`, join(scratch.dir, "gone.jpg")).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ name: "DownloadError", status: 404 });
    expect(hits).toHaveLength(1);
  });

  it("follows redirects (node:http path, used when no fetch is given)", async () => {
    route = (request, response) =>
      request.url === "/old.jpg"
        ? response.writeHead(302, { location: "/new.jpg" }).end()
        : serve(response, {});
    const path = await downloadOutput(`${base}/old.jpg`, join(scratch.dir, "a.jpg"));
    expect(await readFile(path)).toEqual(FILE);
    expect(hits.map((hit) => hit.url)).toEqual(["/old.jpg", "/new.jpg"]);
  });

  it("uses an injected fetch, with the same resume logic", async () => {
    route = (request, response, hit) =>
      hit === 1
        ? serve(response, { cutAt: 2500 })
        : serve(response, { start: rangeStart(request), partial: true });
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const path = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
      fetch: counting,
    });
    expect(await readFile(path)).toEqual(FILE);
    expect(calls).toBe(2);
    expect(hits).toHaveLength(2);
  });

  it("aborts with AbortError and removes the temp file", async () => {
    const controller = new AbortController();
    route = (_request, response) => {
      response.writeHead(200, { "content-length": String(FILE.length) });
      response.write(FILE.subarray(0, 10), () => controller.abort());
    };
    const error = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
      signal: controller.signal,
    }).catch((caught) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(await readdir(scratch.dir)).toEqual([]);
  });
});

describe("a resume after the temp file changed on disk", () => {
  const part = () =>
    join(scratch.dir, readdirSync(scratch.dir).find((name) => name.endsWith(".part")) ?? "");

  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])("continues after the counted bytes, never after extra ones (%s)", async (_name, fetchFn) => {
    // Bytes past the counted ones (a write that failed midway) must not stay before the range.
    const path = await cutAfter4000(() => appendFileSync(part(), "JUNK"), fetchFn);
    expect((await readFile(path)).equals(FILE)).toBe(true);
    expect(hits.map((hit) => hit.range)).toEqual([undefined, "bytes=4000-"]);
  });

  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])("starts over when the file lost bytes (%s)", async (_name, fetchFn) => {
    const path = await cutAfter4000(() => truncateSync(part(), 1000), fetchFn);
    expect((await readFile(path)).equals(FILE)).toBe(true);
    expect(hits.map((hit) => hit.range)).toEqual([undefined, undefined]);
  });
});

describe("a local file error", () => {
  const modes = [
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ] as const;

  it.each(modes)(
    "for a destination that is a directory is refused before downloading (%s)",
    async (_name, fetchFn) => {
      route = (_request, response) => serve(response, {});
      await mkdir(join(scratch.dir, "a.jpg"));
      const error = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
        ...(fetchFn ? { fetch: fetchFn } : {}),
      }).catch((caught) => caught);
      expect(DownloadError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/a\.jpg is a directory: give a file path/);
      expect((error as Error).message).not.toMatch(/network/);
      expect(hits).toHaveLength(0);
    },
  );

  it.each(modes)(
    "when the final rename fails (EISDIR) is not retried (%s)",
    async (_name, fetchFn) => {
      route = (_request, response) => serve(response, {});
      const destination = join(scratch.dir, "a.jpg");
      const error = await downloadOutput(`${base}/a.jpg`, destination, {
        ...(fetchFn ? { fetch: fetchFn } : {}),
        // The destination turns into a directory while the file downloads.
        onProgress: ({ received }) => received === FILE.length && mkdirSync(destination),
      }).catch((caught) => caught);
      expect(DownloadError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^Could not save .* \(could not rename: EISDIR.*\): .*a\.jpg is a directory: give a file path/,
      );
      expect((error as Error).message).not.toMatch(/network/);
      expect(hits).toHaveLength(1);
      expect(await readdir(scratch.dir)).toEqual(["a.jpg"]); // the directory; no temp file left
    },
  );

  it.each(modes)(
    "when a parent of the destination is a file says so, without a request (%s)",
    async (_name, fetchFn) => {
      route = (_request, response) => serve(response, {});
      await writeFile(join(scratch.dir, "file"), "x");
      const error = await downloadOutput(
        `${base}/a.jpg`,
        join(scratch.dir, "file", "sub", "a.jpg"),
        {
          ...(fetchFn ? { fetch: fetchFn } : {}),
        },
      ).catch((caught) => caught);
      expect((error as Error).message).toMatch(/ENOTDIR.*is missing or is not a directory/);
      expect(hits).toHaveLength(0);
    },
  );
});

describe("an onProgress that throws", () => {
  it.each([
    ["its own HTTP/1.1", undefined],
    ["an injected fetch", fetch],
  ])("fails the download with its error, at once, with %s", async (_name, fetchFn) => {
    route = (_request, response) => serve(response, {});
    const oops = new Error("progress bar broke");
    const error = await downloadOutput(`${base}/a.jpg`, join(scratch.dir, "a.jpg"), {
      ...(fetchFn ? { fetch: fetchFn } : {}),
      onProgress: () => {
        throw oops;
      },
    }).catch((caught) => caught);
    expect(error).toBe(oops);
    expect(hits).toHaveLength(1);
    expect(await readdir(scratch.dir)).toEqual([]);
  });
});

describe("downloadTask", () => {
  const task = (urls: string[], extra: Partial<Task> = {}): Task => ({
    model: "midjourney",
    taskId: "task_7",
    state: "success",
    createTime: Date.now(),
    completeTime: Date.now(),
    resultUrls: urls,
    ...extra,
  });

  it("names files <taskId>-<n>.<ext>, with the model's kind when the URL has no extension", async () => {
    route = (_request, response) => serve(response, {});
    const paths = await downloadTask(
      task([`${base}/x/1.jpg`, `${base}/x/2.jpg`, `${base}/x/3`]),
      scratch.dir,
    );
    expect(paths).toEqual([
      join(scratch.dir, "task_7-1.jpg"),
      join(scratch.dir, "task_7-2.jpg"),
      join(scratch.dir, "task_7-3.png"),
    ]);
    expect((await readdir(scratch.dir)).sort()).toEqual([
      "task_7-1.jpg",
      "task_7-2.jpg",
      "task_7-3.png",
    ]);
  });

  it("says the URLs expired when an old task's download is refused", async () => {
    route = (_request, response) => response.writeHead(403).end();
    const old = Date.now() - 25 * 60 * 60 * 1000;
    const error = await downloadTask(
      task([`${base}/x/1.jpg`], { completeTime: old }),
      scratch.dir,
    ).catch((caught) => caught);
    expect((error as Error).message).toMatch(/expire 24 h after completion/);
  });

  it("refuses a task id that would name a file outside the directory", async () => {
    route = (_request, response) => serve(response, {});
    const inside = join(scratch.dir, "inside");
    for (const taskId of ["../escape", "a/b", "a\\b", "", "x\u0000y"]) {
      const error = await downloadTask(task([`${base}/x/1.jpg`], { taskId }), inside).catch(
        (caught) => caught,
      );
      expect(error).toMatchObject({
        name: "DownloadError",
        message: expect.stringMatching(/cannot name a file/),
      });
    }
    expect(hits).toHaveLength(0);
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it("takes only a plain extension from the URL, else the model's kind", async () => {
    route = (_request, response) => serve(response, {});
    const paths = await downloadTask(task([`${base}/x/1.p%20g`, `${base}/x/2.webp`]), scratch.dir);
    expect(paths).toEqual([join(scratch.dir, "task_7-1.png"), join(scratch.dir, "task_7-2.webp")]);
  });
});
