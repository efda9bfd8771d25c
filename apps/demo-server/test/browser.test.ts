import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./helpers.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
/** Time scale of the built-in emulator: a task runs 2–3 s, and the reconciler only polls it after
 * (15 s + 10 s grace) × 0.2 = 5 s, so the signed callback finishes it even on a busy machine. */
const TIME_SCALE = "0.2";
/** How long the page may take to react (a hang guard on a busy host, not a speed check). */
const UI = { timeout: 20_000 };

// A server process and a browser: budgets above the 30 s default, so a slow host only waits longer.
describe("the page in a real browser", { timeout: 90_000 }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "apixo-demo-browser-"));
    // No APIXO_API_KEY: the server runs the emulator in-process, as `pnpm serve` does.
    server = await spawnServer(await freePort(), { DATA_DIR: dataDir, TIME_SCALE });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("submits a prompt and shows the generated image, with no console or CSP errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      // The deliberate bad submit below logs its 400; anything else (CSP violations included) counts.
      const expected = /status of 400/.test(message.text());
      if (message.type() === "error" && !expected) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));

    await page.goto(server.url);
    await expect.poll(() => page.locator("#upstream").textContent(), UI).toMatch(/emulator/);
    await page.locator("#model").selectOption("nano-banana");

    // The upstream's validation message reaches the page, and nothing is added to the gallery.
    await page.locator("#mode").selectOption("image-to-image");
    await page.locator("#field-image_urls").fill("not-a-url");
    await page.locator("#submit").click();
    await expect.poll(() => page.locator("#form-error").isVisible(), UI).toBe(true);
    expect(await page.locator("#form-error").textContent()).toMatch(/image_urls/);
    expect(await page.locator(".card").count()).toBe(0);

    await page.locator("#mode").selectOption("text-to-image");
    const prompt = 'A <b>lighthouse</b> & "waves" at dusk';
    await page.locator("#field-prompt").fill(prompt);
    await page.locator("#field-aspect_ratio").selectOption("16:9");
    await page.locator("#submit").click();

    await expect.poll(() => page.locator("#form-error").isHidden(), UI).toBe(true);
    const card = page.locator(".card").first();
    await card.locator("img").waitFor({ state: "visible", ...UI });
    await expect
      .poll(
        () =>
          card
            .locator("img")
            .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0),
        UI,
      )
      .toBe(true);
    // The prompt is shown as text, not parsed as HTML.
    expect(await card.locator(".prompt").textContent()).toBe(prompt);
    expect(await card.locator(".prompt b").count()).toBe(0);
    expect(await card.locator(".badge").textContent()).toBe("success");
    // The history says which path finished the task: here the signed callback.
    await card.locator(".trail summary").click();
    expect(await card.locator(".trail ol").textContent()).toMatch(/success \(signed callback\)/);

    // A failing task shows its failCode on its card.
    await page.locator("#field-prompt").fill("a forbidden picture [fail:CONTENT_VIOLATION]");
    await page.locator("#submit").click();
    await expect.poll(() => page.locator(".card").count(), UI).toBe(2);
    const failed = page.locator(".card").first();
    await expect.poll(() => failed.locator(".badge").textContent(), UI).toBe("failed");
    expect(await failed.locator(".error").textContent()).toMatch(/^CONTENT_VIOLATION/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "demo-page.png"), fullPage: true });
    expect(problems).toEqual([]);
  });
});
