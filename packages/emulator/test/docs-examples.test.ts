import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.js";
import type { Envelope } from "./helpers.js";

const run = promisify(execFile);
const SEED_PAGE = new URL("./fixtures/seed-generate-task.txt", import.meta.url);
const DOCS_HOST = "https://api.apixo.ai";

/** The first `curl` example of the docs' generate-task page, exactly as documented. */
async function seedCurl(): Promise<string> {
  const text = await readFile(SEED_PAGE, "utf8");
  const match = /curl -X POST[\s\S]*?-d '\{[\s\S]*?\n\}'/.exec(text);
  if (!match) throw new Error("no curl example in the seed page");
  return match[0];
}

/** The JavaScript example of the same page, exactly as documented. */
async function seedJavaScript(): Promise<string> {
  const text = await readFile(SEED_PAGE, "utf8");
  const match =
    /const response = await fetch[\s\S]*?console \. log \( 'Task ID:' , data \. taskId \);/.exec(
      text,
    );
  if (!match) throw new Error("no JavaScript example in the seed page");
  return match[0];
}

/** The Python example of the same page; only the extraction's `f '...'` spacing is undone. */
async function seedPython(): Promise<string> {
  const text = await readFile(SEED_PAGE, "utf8");
  const match = /import requests[\s\S]*?print \( f 'Task ID: \{ task_id \} ' \)/.exec(text);
  if (!match) throw new Error("no Python example in the seed page");
  return match[0].replace("f 'Task ID", "f'Task ID");
}

function hasPythonRequests(): boolean {
  return spawnSync("python3", ["-c", "import requests"], { stdio: "ignore" }).status === 0;
}

async function shell(command: string): Promise<string> {
  const { stdout } = await run("sh", ["-c", command], { timeout: 20_000 });
  return stdout;
}

describe("the API docs' examples against the emulator (only the host changed)", () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 0.001, seed: 1 });
    dir = await mkdtemp(join(tmpdir(), "apixo-curl-"));
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("submits nano-banana text-to-image 16:9, polls statusTask, then downloads a PNG", async () => {
    const example = await seedCurl();
    expect(example).toContain(`${DOCS_HOST}/api/v1/generateTask/nano-banana`);
    expect(example).toContain('"aspect_ratio": "16:9"');
    const submitted = JSON.parse(
      await shell(example.replaceAll(DOCS_HOST, emulator.url)),
    ) as Envelope;
    expect(submitted).toMatchObject({ code: 200, message: "success" });
    const { taskId } = submitted.data;

    // The status-task page's curl, with the same host change.
    const statusCurl = `curl -s "${DOCS_HOST}/api/v1/statusTask/nano-banana?taskId=${taskId}" -H "Authorization: Bearer YOUR_API_KEY"`;
    let status: Envelope;
    do {
      status = JSON.parse(await shell(statusCurl.replaceAll(DOCS_HOST, emulator.url))) as Envelope;
      expect(status.code).toBe(200);
    } while (status.data.state !== "success");

    const [url] = (JSON.parse(status.data.resultJson ?? "{}") as { resultUrls: string[] })
      .resultUrls;
    expect(url?.startsWith(`${emulator.url}/files/`)).toBe(true);
    const file = join(dir, "result.png");
    const written = await shell(`curl -s -o "${file}" -w "%{http_code} %{content_type}" "${url}"`);
    expect(written).toBe("200 image/png");
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height (16:9).
    expect(bytes.readUInt32BE(16) / bytes.readUInt32BE(20)).toBeCloseTo(16 / 9, 2);
  });

  it("runs the page's JavaScript example with node", async () => {
    const example = (await seedJavaScript()).replaceAll(DOCS_HOST, emulator.url);
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", example], {
      timeout: 20_000,
    });
    const taskId = /^Task ID: ([0-9a-f]{32})$/m.exec(stdout)?.[1];
    expect(taskId).toBeDefined();
    const response = await fetch(`${emulator.url}/api/v1/statusTask/nano-banana?taskId=${taskId}`, {
      headers: { authorization: "Bearer YOUR_API_KEY" },
    });
    expect(response.status).toBe(200);
  });

  // The docs' Python example needs python3 with requests (present on the CI machine).
  it.skipIf(!hasPythonRequests())("runs the page's Python example", async () => {
    const example = (await seedPython()).replaceAll(DOCS_HOST, emulator.url);
    const { stdout } = await run("python3", ["-c", example], { timeout: 20_000 });
    expect(stdout).toMatch(/^Task ID: [0-9a-f]{32} ?$/m);
  });
});
