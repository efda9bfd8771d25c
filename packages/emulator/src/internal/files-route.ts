import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Hono } from "hono";
import { parseByteRange } from "./byte-range.js";
import type { EmulatorCore } from "./emulator-core.js";
import { type EmulatorContext, type EmulatorEnv, faultResponse, sleep } from "./respond.js";

/** Sends half of `bytes` under a full `Content-Length`, then cuts the connection. */
function truncated(
  c: EmulatorContext,
  bytes: Uint8Array,
  status: 200 | 206,
  fileHeaders: Record<string, string>,
): Response {
  const half = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
  const headers = { ...fileHeaders, "content-length": String(bytes.byteLength) };
  const outgoing = c.env?.outgoing;
  if (outgoing) {
    c.set("dropped", true);
    outgoing.writeHead(status, headers);
    // Let the half reach the client before the cut, as when a CDN transfer dies midway.
    outgoing.write(half, () => setTimeout(() => outgoing.destroy(), 20));
    return RESPONSE_ALREADY_SENT;
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half);
      controller.error(new Error("apixo-emulator: download truncated (injected fault)"));
    },
  });
  return new Response(body, { status, headers });
}

/**
 * `GET /files/:taskId/:name`: the result files, public like a CDN (no key). Rendered on the first
 * request and cached; single byte ranges are honoured (206/416); `410` once expired (the
 * contract's 24 h × timeScale after completion), `404` if unknown.
 */
export function registerFilesRoute(app: Hono<EmulatorEnv>, core: EmulatorCore): void {
  app.get("/files/:taskId/:name", async (c) => {
    core.stats.request("files");
    const draw = core.faults.draw("files");
    if (draw.delayMs > 0) {
      core.stats.fault("slow");
      await sleep(draw.delayMs);
    }
    const task = core.store.get(c.req.param("taskId"));
    const match = /^(\d+)\.([a-z0-9]+)$/.exec(c.req.param("name"));
    const now = core.config.now();
    const output =
      task?.outcome.state === "success" && match && now >= task.completeTime
        ? task.outcome.outputs.find(
            (candidate) => candidate.index === Number(match[1]) && candidate.extension === match[2],
          )
        : undefined;
    if (!task || !output) return c.text("Not found", 404);
    if (now >= task.expireTime)
      return c.text("Gone: result files expire 24 hours after the task completed", 410);
    // A malformed JSON body means nothing for a binary file, so that kind is ignored here.
    if (draw.kind && draw.kind !== "malformedJson") {
      core.stats.fault(draw.kind);
      const fault = faultResponse(c, draw);
      if (fault) return fault;
    }
    const file = core.files.get(task.taskId, output.index, task.render);
    const size = file.bytes.byteLength;
    const headers: Record<string, string> = {
      "content-type": file.contentType,
      "accept-ranges": "bytes",
      "cache-control": "public, max-age=86400, immutable",
    };
    // Ranges let a client resume a cut download, as it can on APIXO's CDN.
    const range = parseByteRange(c.req.header("range"), size);
    if (range === "unsatisfiable") {
      return c.body(null, 416, { "content-range": `bytes */${size}` });
    }
    const status = range ? 206 : 200;
    const bytes = range ? file.bytes.subarray(range.start, range.end + 1) : file.bytes;
    if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    if (draw.kind === "truncatedFile") return truncated(c, bytes, status, headers);
    headers["content-length"] = String(bytes.byteLength);
    return c.body(bytes as Uint8Array<ArrayBuffer>, status, headers);
  });
}
