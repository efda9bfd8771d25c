import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startEmulator } from "@apixo-ts/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const run = promisify(execFile);
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.cleanup());

async function apixo(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: dir.path,
      env: { PATH: process.env.PATH, HOME: dir.path, APIXO_STATE_DIR: join(dir.path, "state") },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

// The built executable as a user runs it: a real process, real signals of success and failure.
describe("dist/bin.js (subprocess)", () => {
  it("prints its version", async () => {
    const { version } = JSON.parse(
      await readFile(new URL("../package.json", import.meta.url), "utf8"),
    );
    expect(await apixo(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("runs nano-banana on the in-process emulator and saves a PNG", async () => {
    const result = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "A futuristic city at sunset",
      "--aspect-ratio",
      "16:9",
      "--save",
      "out",
      "--emulator",
      "--time-scale",
      "0.01",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      ok: true,
      task: { state: "success" },
      emulator: { timeScale: 0.01 },
    });
    const bytes = await readFile(document.saved[0]);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("exits 2 on bad input", async () => {
    const result = await apixo([
      "run",
      "nano-banana",
      "--prompt",
      "x",
      "--aspect-ratio",
      "16x9",
      "--emulator",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("did you mean --aspect-ratio 16:9?");
  });

  it("on SIGINT exits 130 and prints the resume command", async () => {
    const emulator = await startEmulator({ timeScale: 0.02, apiKeys: ["k"] });
    try {
      const child = spawn(
        process.execPath,
        [
          bin,
          "run",
          "sora-2",
          "--prompt",
          "a paper boat",
          "--base-url",
          emulator.url,
          "--time-scale",
          "0.02",
        ],
        {
          cwd: dir.path,
          env: {
            PATH: process.env.PATH,
            HOME: dir.path,
            APIXO_STATE_DIR: join(dir.path, "state"),
            APIXO_API_KEY: "k",
          },
        },
      );
      let stderr = "";
      let interrupted = false;
      // One Ctrl-C only: a second SIGINT (sent for a later chunk of output before the first was
      // handled) would force the exit before the resume command is printed.
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!interrupted && stderr.includes("submitted")) {
          interrupted = true;
          child.kill("SIGINT");
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code, stderr).toBe(130);
      expect(stderr).toMatch(
        /resume with: apixo wait sora-2 \w+ --base-url http:\/\/127\.0\.0\.1:\d+ --time-scale 0\.02/,
      );
      const journal = await readFile(join(dir.path, "state", "tasks.jsonl"), "utf8");
      expect(journal).toContain('"event":"submitted"');
    } finally {
      await emulator.close();
    }
  });
});
