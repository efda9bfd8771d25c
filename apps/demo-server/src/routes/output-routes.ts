import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
};

/** Only names the downloader produces: `<taskId>-<n>.<ext>`, no dots or slashes elsewhere. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,160}\.([a-z0-9]{2,4})$/;

/**
 * `GET /outputs/:file`: serves downloaded outputs from `dir`, by exact safe name only, with the
 * content type of the extension (unknown extensions are not served) and byte ranges for video seeking.
 */
export function createOutputRoutes(dir: string): Hono {
  const routes = new Hono();
  routes.get("/:file", async (c) => {
    const file = c.req.param("file");
    const match = SAFE_NAME.exec(file);
    const type = match ? CONTENT_TYPES[match[1] as string] : undefined;
    if (!type) return c.json({ error: "Not found." }, 404);
    const path = join(dir, file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return c.json({ error: "Not found." }, 404);

    const headers: Record<string, string> = {
      "Content-Type": type,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=31536000, immutable",
      "Accept-Ranges": "bytes",
    };
    let start = 0;
    let end = info.size - 1;
    let status: 200 | 206 = 200;
    const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header("Range") ?? "");
    if (range && (range[1] || range[2]) && info.size > 0) {
      start = range[1] ? Number(range[1]) : Math.max(0, info.size - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
      if (start > end) {
        return new Response(null, {
          status: 416,
          headers: { "Content-Range": `bytes */${info.size}` },
        });
      }
      status = 206;
      headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
    }
    headers["Content-Length"] = String(info.size === 0 ? 0 : end - start + 1);
    if (info.size === 0) return new Response(null, { status, headers });
    const body = Readable.toWeb(
      createReadStream(path, { start, end }),
    ) as ReadableStream<Uint8Array>;
    return new Response(body, { status, headers });
  });
  return routes;
}
