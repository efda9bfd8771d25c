// Downloads one URL with the client's Node helper and reports time and peak RSS growth, sampled
// every 5 ms from a baseline taken after the module has loaded.
import { createWriteStream } from "node:fs";
import { get } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { downloadOutput } from "@apixo-ts/client/node";

const [url, destination, mode = "client"] = process.argv.slice(2);
// "fetch": Node's own fetch piped to a file, the floor any fetch-based download stands on.
const bareFetch = async () => {
  const response = await fetch(url);
  await pipeline(Readable.fromWeb(response.body), createWriteStream(destination));
};
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = process.hrtime.bigint();
// "http": node:http's response stream piped to a file, without fetch's web streams.
const bareHttp = () =>
  new Promise((resolve, reject) => {
    get(url, (response) =>
      pipeline(response, createWriteStream(destination)).then(resolve, reject),
    ).on("error", reject);
  });
const modes = { fetch: bareFetch, http: bareHttp, client: () => downloadOutput(url, destination) };
await modes[mode]();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.send?.({
  ms,
  baselineRss: baseline,
  peakRss: peak,
  maxRssKb: process.resourceUsage().maxRSS,
});
process.disconnect?.();
