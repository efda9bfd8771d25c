// Downloads one URL with the client's Node helper and reports time and peak RSS growth, sampled
// every 5 ms from a baseline taken after the module has loaded.
import { downloadOutput } from "@apixo-ts/client/node";

const [url, destination] = process.argv.slice(2);
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = process.hrtime.bigint();
await downloadOutput(url, destination);
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
