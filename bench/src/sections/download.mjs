// Download: a large output saved by the client's `downloadOutput` (Node subpath) against `curl -o`,
// both from the same local server; the client runs in its own process to measure its memory.
import { fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, round } from "../lib/stats.mjs";

const childPath = new URL("../lib/download-child.mjs", import.meta.url).pathname;
const MB = 1024 * 1024;

function startFileServer(totalBytes) {
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(totalBytes) });
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        const piece = sent + MB <= totalBytes ? chunk : chunk.subarray(0, totalBytes - sent);
        sent += piece.length;
        if (!response.write(piece)) return response.once("drain", pump);
      }
      response.end();
    };
    pump();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function runClient(url, destination, mode = "client") {
  return new Promise((resolve, reject) => {
    const child = fork(childPath, [url, destination, mode], { execArgv: ["--expose-gc"] });
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => code !== 0 && reject(new Error(`download child exited ${code}`)));
  });
}

// Both sides are timed from the request to the saved file, without their process start-up: the
// client child starts its clock after Node and the module have loaded, so curl's figure is its own
// `time_total` (connect + transfer, with the file written), not the wall time of the spawn, which
// would also charge curl for loading itself and libcurl (~10 ms, some 3 % of this transfer).
function runCurl(url, destination) {
  return new Promise((resolve, reject) => {
    let out = "";
    const child = spawn("curl", ["-sS", "-o", destination, "-w", "%{time_total}", url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.on("data", (data) => {
      out += data;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const seconds = Number(out.trim());
      if (code !== 0) reject(new Error(`curl exited ${code}`));
      else if (!(seconds > 0)) reject(new Error(`curl reported no time: ${JSON.stringify(out)}`));
      else resolve(seconds * 1000);
    });
  });
}

export async function benchDownload({ megabytes = 200, runs = 5 } = {}) {
  const totalBytes = megabytes * MB;
  const server = await startFileServer(totalBytes);
  const dir = mkdtempSync(join(tmpdir(), "apixo-bench-download-"));
  const url = `http://127.0.0.1:${server.address().port}/files/big.mp4`;
  try {
    const client = [];
    const bare = [];
    const http = [];
    const curl = [];
    for (let i = 0; i < runs; i++) {
      const target = join(dir, `client-${i}.mp4`);
      client.push(await runClient(url, target));
      if (statSync(target).size !== totalBytes)
        throw new Error("client download has the wrong size");
      rmSync(target);
      const bareTarget = join(dir, `fetch-${i}.mp4`);
      bare.push(await runClient(url, bareTarget, "fetch"));
      rmSync(bareTarget);
      const httpTarget = join(dir, `http-${i}.mp4`);
      http.push(await runClient(url, httpTarget, "http"));
      rmSync(httpTarget);
      const curlTarget = join(dir, `curl-${i}.mp4`);
      curl.push(await runCurl(url, curlTarget));
      rmSync(curlTarget);
    }
    const clientMs = median(client.map((run) => run.ms));
    const curlMs = median(curl);
    const bareMs = median(bare.map((run) => run.ms));
    const httpMs = median(http.map((run) => run.ms));
    return {
      megabytes,
      runs,
      clientMBps: round(megabytes / (clientMs / 1000), 1),
      curlMBps: round(megabytes / (curlMs / 1000), 1),
      throughputShareOfCurl: round(curlMs / clientMs, 3),
      peakRssGrowthMB: round(
        Math.max(...client.map((run) => run.peakRss - run.baselineRss)) / MB,
        1,
      ),
      referenceHttp: {
        what: "node:http response piped to a file (stream.pipeline), same harness",
        MBps: round(megabytes / (httpMs / 1000), 1),
        peakRssGrowthMB: round(
          Math.max(...http.map((run) => run.peakRss - run.baselineRss)) / MB,
          1,
        ),
      },
      reference: {
        what: "Node's fetch piped to a file (stream.pipeline), same harness",
        MBps: round(megabytes / (bareMs / 1000), 1),
        peakRssGrowthMB: round(
          Math.max(...bare.map((run) => run.peakRss - run.baselineRss)) / MB,
          1,
        ),
      },
    };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
