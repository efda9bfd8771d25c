import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main, parseCliOptions } from "../src/cli.js";
import { startEmulator } from "../src/index.js";

describe("apixo-emulator flags", () => {
  it.each([
    ["defaults to port 4010", [], { port: 4010 }],
    [
      "maps every documented flag",
      [
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--time-scale",
        "0.1",
        "--seed",
        "7",
        "--api-key",
        "a",
        "--api-key",
        "b",
        "--balance",
        "5",
        "--rate-limit",
        "50",
        "--burst",
        "100",
        "--submit-rate-limit",
        "40",
        "--submit-burst",
        "45",
        "--max-running",
        "1000",
        "--fault-rate",
        "0.1",
        "--task-failure-rate",
        "0.05",
        "--callback-duplicate-rate",
        "0.2",
        "--slow-ms",
        "300",
        "--retry-after",
        "3",
        "--unknown-state-rate",
        "0.3",
        "--omit-cost-time-rate",
        "0.4",
        "--staged-callback-rate",
        "0.5",
        "--duplicate-window-ms",
        "2500",
      ],
      {
        port: 0,
        host: "127.0.0.1",
        timeScale: 0.1,
        seed: 7,
        apiKeys: ["a", "b"],
        balanceUsd: 5,
        rateLimit: {
          requestsPerSecond: 50,
          burst: 100,
          submitsPerSecond: 40,
          submitBurst: 45,
          maxRunningTasks: 1000,
        },
        faults: { rate: 0.1, taskFailureRate: 0.05, slowMs: 300, retryAfterSeconds: 3 },
        callbacks: { duplicateRate: 0.2 },
        quirks: { unknownState: 0.3, omitCostTime: 0.4, stagedCallbacks: 0.5 },
        duplicateWindowMs: 2500,
      },
    ],
    [
      "sets the submit limit alone",
      ["--submit-rate-limit", "0.5"],
      { port: 4010, rateLimit: { submitsPerSecond: 0.5 } },
    ],
    [
      "sets single fault kinds, flat or per endpoint",
      ["--fault", "serverError=0.1", "--fault", "statusTask.dropConnection=0.2"],
      { port: 4010, faults: { serverError: 0.1, statusTask: { dropConnection: 0.2 } } },
    ],
    [
      "sets an endpoint's own slow delay and Retry-After",
      [
        "--fault",
        "statusTask.slow=1",
        "--fault",
        "statusTask.slowMs=40",
        "--fault",
        "generateTask.rateLimited=1",
        "--fault",
        "generateTask.retryAfterSeconds=9",
      ],
      {
        port: 4010,
        faults: {
          statusTask: { slow: 1, slowMs: 40 },
          generateTask: { rateLimited: 1, retryAfterSeconds: 9 },
        },
      },
    ],
  ])("%s", (_name, argv, want) => {
    expect(parseCliOptions(argv)).toEqual(want);
  });

  it.each([
    [["--port", "abc"], /--port expects a number/],
    [["--submit-rate-limit", "fast"], /--submit-rate-limit expects a number, got "fast"/],
    [["--submit-burst", ""], /--submit-burst expects a number/],
    [["--fault", "nonsense=1"], /--fault expects/],
    [["--fault", "uploads.serverError=1"], /--fault expects/],
    [["--unknown"], /Unknown option/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(message);
  });
});

describe("main()", () => {
  it("starts the emulator and prints its URL", async () => {
    const out: string[] = [];
    const errors: string[] = [];
    const emulator = await main(["--port", "0", "--time-scale", "0.01", "--api-key", "k"], {
      stdout: (line) => out.push(line),
      stderr: (line) => errors.push(line),
    });
    try {
      expect(emulator).toBeDefined();
      expect(out).toEqual([emulator?.url]);
      // A random seed is announced, so that a surprising run can be replayed.
      expect(errors.join("\n")).toContain(`seed ${emulator?.seed}`);
      const response = await fetch(`${emulator?.url}/api/v1/apikeys/current-balance`, {
        headers: { authorization: "Bearer k" },
      });
      expect(await response.json()).toEqual({ code: 200, message: "success", data: 100 });
    } finally {
      await emulator?.close();
    }
  });

  it("applies an endpoint's own fault settings given as flags", async () => {
    const emulator = await main(
      ["--port", "0", "--fault", "balance.rateLimited=1", "--fault", "balance.retryAfterSeconds=9"],
      { stdout: () => {}, stderr: () => {} },
    );
    try {
      const response = await fetch(`${emulator?.url}/api/v1/apikeys/current-balance`, {
        headers: { authorization: "Bearer k" },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("9");
    } finally {
      await emulator?.close();
    }
  });

  it("applies the submit limit given as flags: submits get 429, reads pass", async () => {
    const emulator = await main(
      ["--port", "0", "--submit-rate-limit", "0.001", "--submit-burst", "1"],
      { stdout: () => {}, stderr: () => {} },
    );
    try {
      const headers = { authorization: "Bearer k", "content-type": "application/json" };
      const submit = () =>
        fetch(`${emulator?.url}/api/v1/generateTask/nano-banana`, {
          method: "POST",
          headers,
          body: JSON.stringify({ input: { mode: "text-to-image", prompt: "a city" } }),
        });
      const accepted = await submit();
      expect(accepted.status).toBe(200);
      const { taskId } = (await accepted.json()).data;
      const refused = await submit();
      expect(refused.status).toBe(429);
      // 0.001/s: the next token is 1000 s away.
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(990);
      expect((await refused.json()).data.error).toMatch(/task submissions/);
      const read = await fetch(`${emulator?.url}/api/v1/statusTask/nano-banana?taskId=${taskId}`, {
        headers,
      });
      expect(read.status).toBe(200);
    } finally {
      await emulator?.close();
    }
  });

  it("refuses a submit burst without a submit rate with exit code 2", async () => {
    const errors: string[] = [];
    const previous = process.exitCode;
    expect(
      await main(["--port", "0", "--submit-burst", "5"], {
        stdout: () => {},
        stderr: (line) => errors.push(line),
      }),
    ).toBeUndefined();
    expect(process.exitCode).toBe(2);
    process.exitCode = previous;
    expect(errors.join("\n")).toMatch(
      /rateLimit\.submitBurst is set without rateLimit\.submitsPerSecond/,
    );
  });

  it("prints the usage for --help and an error with exit code 2 for a bad option", async () => {
    const out: string[] = [];
    const errors: string[] = [];
    const io = {
      stdout: (line: string) => out.push(line),
      stderr: (line: string) => errors.push(line),
    };
    expect(await main(["--help"], io)).toBeUndefined();
    expect(out.join("\n")).toContain("--time-scale");
    expect(out.join("\n")).toMatch(/--submit-rate-limit <n> +task submits per second per key/);
    expect(out.join("\n")).toContain("--submit-burst <n>");
    const previous = process.exitCode;
    expect(await main(["--time-scale=-1"], io)).toBeUndefined();
    expect(process.exitCode).toBe(2);
    process.exitCode = previous;
    expect(errors.join("\n")).toMatch(/timeScale is -1; expected a finite number > 0/);
  });
});

describe("startEmulator on a taken port", () => {
  it("rejects, and main() reports it with exit code 1", async () => {
    const first = await startEmulator();
    const port = new URL(first.url).port;
    try {
      await expect(startEmulator({ port: Number(port) })).rejects.toThrow(/EADDRINUSE/);
      const errors: string[] = [];
      const previous = process.exitCode;
      expect(
        await main(["--port", port], { stdout: () => {}, stderr: (line) => errors.push(line) }),
      ).toBeUndefined();
      expect(process.exitCode).toBe(1);
      process.exitCode = previous;
      expect(errors.join("\n")).toMatch(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe("the built bin", () => {
  const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

  // turbo builds before testing; a bare `vitest run` in a fresh checkout has no dist/ yet.
  it.skipIf(!existsSync(bin))("runs with node, prints the URL and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--seed", "3"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.trim()));
        child.once("exit", (code) => reject(new Error(`bin exited early with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/__emulator/stats`);
      expect(response.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
