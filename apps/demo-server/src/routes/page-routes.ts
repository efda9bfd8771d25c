import { readFile } from "node:fs/promises";
import { Hono } from "hono";

/** The page's static files, next to `src/` and `dist/` in the package. */
const PUBLIC_DIR = new URL("../../public/", import.meta.url);
const PUBLIC_DIR_FROM_DIST = new URL("../public/", import.meta.url);

const STATIC_FILES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
};

async function readPublic(name: string): Promise<string> {
  // `src/routes/page-routes.ts` in tests, `dist/main.js` (bundled) when built.
  try {
    return await readFile(new URL(name, PUBLIC_DIR), "utf8");
  } catch {
    return await readFile(new URL(name, PUBLIC_DIR_FROM_DIST), "utf8");
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `/` (the page, with the upstream named in it) and `/static/*` (script, styles, icon). */
export function createPageRoutes(info: { upstream: string; emulator: boolean }): Hono {
  const routes = new Hono();
  routes.get("/", async (c) => {
    const template = await readPublic("index.html");
    const html = template
      .replace("{{UPSTREAM}}", escapeHtml(info.upstream))
      .replace("{{UPSTREAM_CLASS}}", info.emulator ? "emulator" : "live");
    return c.html(html);
  });
  routes.get("/static/:file", async (c) => {
    const file = c.req.param("file");
    const type = STATIC_FILES[file];
    if (!type) return c.json({ error: "Not found." }, 404);
    return c.body(await readPublic(file), 200, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
    });
  });
  return routes;
}
