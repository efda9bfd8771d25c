import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/internal/exit-codes.js";
import { exitForError } from "../src/internal/exit-for-error.js";
import { apiKeysOf, redactSecrets, withoutApiKey } from "../src/internal/secrets.js";
import { Capture, runCli, tempDir } from "./helpers.js";

describe("withoutApiKey", () => {
  const cases: [string, { given: string[]; want: string[]; removed: boolean }][] = [
    [
      "flag and value",
      {
        given: ["batch", "t.jsonl", "--api-key", "sk-1234", "--json"],
        want: ["batch", "t.jsonl", "--json"],
        removed: true,
      },
    ],
    [
      "--api-key=value",
      {
        given: ["batch", "--api-key=sk-1234", "t.jsonl"],
        want: ["batch", "t.jsonl"],
        removed: true,
      },
    ],
    [
      "repeated",
      {
        given: ["--api-key", "a-key", "batch", "--api-key=b-key", "x"],
        want: ["batch", "x"],
        removed: true,
      },
    ],
    [
      "no value (next is a flag)",
      { given: ["batch", "--api-key", "--json"], want: ["batch", "--json"], removed: true },
    ],
    [
      "after --, a positional",
      { given: ["batch", "--", "--api-key"], want: ["batch", "--", "--api-key"], removed: false },
    ],
    [
      "no key",
      {
        given: ["run", "nano-banana", "--prompt", "x"],
        want: ["run", "nano-banana", "--prompt", "x"],
        removed: false,
      },
    ],
  ];
  it.each(cases)("%s", (_name, { given, want, removed }) => {
    expect(withoutApiKey(given)).toEqual({ argv: want, removed });
  });
});

describe("apiKeysOf / redactSecrets", () => {
  it("collects every key of argv and the environment, and redacts them all", () => {
    const keys = apiKeysOf(
      ["--api-key", "first-key", "--api-key=second-key", "--", "--api-key=x-positional"],
      {
        APIXO_API_KEY: "env-key-1",
      },
    );
    expect(keys).toEqual(["first-key", "second-key", "env-key-1"]);
    expect(redactSecrets("first-key second-key env-key-1 ok", keys)).toBe("*** *** *** ok");
  });

  it("redacts a key from anything main prints, even when a message repeats argv", async () => {
    const dir = await tempDir();
    try {
      const stderr = new Capture();
      // An unknown command is echoed back; the key given with it never is.
      const run = await runCli(["sk-canary-echo-me", "--api-key", "sk-canary-echo-me"], {
        cwd: dir.path,
        stderr,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('unknown command "***"');
      expect(run.stderr).not.toContain("sk-canary-echo-me");
    } finally {
      await dir.cleanup();
    }
  });
});

describe("exitForError: a bug is not an API error", () => {
  it("maps an unexpected TypeError to exit 70, saying it is a bug", () => {
    const report = exitForError(new TypeError("cannot read properties of undefined"));
    expect(report.exitCode).toBe(ExitCode.internal);
    expect(report.type).toBe("InternalError");
    expect(report.message).toContain("internal error: TypeError");
    expect(report.hints.join(" ")).toContain("bug in apixo");
  });

  it("keeps exit 3 for client errors (recognised by their marker) and system errors", async () => {
    const { ConnectionError, NotFoundError } = await import("@apixo-ts/client");
    expect(exitForError(new ConnectionError("down")).exitCode).toBe(ExitCode.api);
    const notFound = exitForError(
      new NotFoundError("no such task", { status: 404, code: 404, body: {} }),
    );
    expect([notFound.exitCode, notFound.type]).toEqual([ExitCode.api, "NotFoundError"]);
    const system = Object.assign(new Error("EACCES: permission denied"), {
      code: "EACCES",
      syscall: "open",
    });
    expect([exitForError(system).exitCode, exitForError(system).type]).toEqual([
      ExitCode.api,
      "SystemError",
    ]);
    // An Error merely named like a client error is still a bug.
    const impostor = Object.assign(new Error("x"), { name: "ConnectionError" });
    expect(exitForError(impostor).exitCode).toBe(ExitCode.internal);
  });
});
