// Fuzzing the CLI's input parsing: random argv, `--input @file` contents and batch JSONL files end
// with one of the documented exit codes, never a crash or an unhandled rejection. A crash is
// detectable: an unexpected internal error exits 70 ("a bug in apixo"), which is not a documented
// outcome here, and an exit 3 must come with a known client error type in the `--json` document
// (never TypeError, RangeError or an unknown name).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "@apixo-ts/cli";
import * as client from "@apixo-ts/client";
import * as clientNode from "@apixo-ts/client/node";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { models } from "@apixo-ts/openapi";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileString } from "./helpers/arbitraries.js";

const EXIT_CODES = [0, 1, 2, 3, 4, 130];
/** The error types an exit 3 may report: every error class the client exports, and the CLI's own. */
const API_ERROR_TYPES = new Set([
  ...[...Object.values(client), ...Object.values(clientNode)].flatMap((value) =>
    typeof value === "function" && typeof (value as { errorName?: unknown }).errorName === "string"
      ? [(value as unknown as { errorName: string }).errorName]
      : [],
  ),
  "CliError",
]);
let emulator: RunningEmulator;
const state = mkdtempSync(join(tmpdir(), "apixo-fuzz-cli-"));

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.0001, seed: 9, balanceUsd: 1e9 });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(state, { recursive: true, force: true });
});

const flagNames = [
  "--prompt",
  "--mode",
  "--aspect-ratio",
  "--image-url",
  "--resolution",
  "--output-format",
  "--duration",
  "--max-images",
  "--sound",
  "--input",
  "--provider",
  "--json",
  "--quiet",
  "--timeout",
  "--no-such-flag",
  "--",
  "-x",
  "--prompt=",
];
const valueArb = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "16:9",
    "1:1",
    "text-to-image",
    "png",
    "true",
    "false",
    "0",
    "-1",
    "1e9",
    "NaN",
    "{}",
    "[]",
    '{"prompt":"x"}',
    "@/nonexistent.json",
    "@",
    "-",
    "__proto__",
  ),
);
const flagsArb = fc
  .array(fc.tuple(fc.constantFrom(...flagNames), valueArb), { maxLength: 5 })
  .map((pairs) => pairs.flat());
const argvArb = fc.oneof(
  // Mostly-valid submits with random extra flags: parsing and validation of typed input flags.
  fc
    .tuple(
      fc.constantFrom("nano-banana", "flux-2", "midjourney", "suno"),
      fc.string({ minLength: 1 }),
      flagsArb,
    )
    .map(([model, prompt, flags]) => ["submit", model, "--prompt", prompt, ...flags]),
  // Anything: commands, models and flags drawn from real and hostile values.
  fc
    .tuple(
      fc.oneof(fc.constantFrom("submit", "models", "status"), fc.string()),
      fc.oneof(fc.constantFrom(...models.map((m) => m.id), "unknown-model"), fc.string()),
      flagsArb,
    )
    .map(([command, model, flags]) => [command, model, ...flags]),
);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (chunk: string) => out.push(chunk) },
      stderr: { write: (chunk: string) => err.push(chunk) },
      stdin: (async function* () {})(),
      env: {
        APIXO_API_KEY: "fuzz-cli-key",
        APIXO_BASE_URL: emulator.url,
        XDG_STATE_HOME: state,
        NO_COLOR: "1",
      },
      cwd: state,
    },
    out,
    err,
  };
}

/**
 * What every run must satisfy: a documented exit code (70, an internal error, is a bug), no stack
 * trace for the user, and with `--json` exactly one parseable document on stdout whose exit 3
 * names a known client or CLI error type.
 */
function expectCleanEnd(argv: readonly string[], code: number, out: string[], err: string[]): void {
  const context = `argv ${JSON.stringify(argv)} → ${code}\n${err.join("")}`;
  expect(EXIT_CODES, context).toContain(code);
  expect(err.join(""), `a stack trace leaked to the user: ${context}`).not.toMatch(
    /\n\s+at .+\(.+:\d+:\d+\)/,
  );
  const terminator = argv.indexOf("--");
  const json = argv.slice(0, terminator === -1 ? undefined : terminator).includes("--json");
  if (!json || out.join("") === "") return;
  let document: { error?: { type?: unknown } } | undefined;
  try {
    document = JSON.parse(out.join(""));
  } catch {
    // `models --json` help text and the like print no JSON document; only errors are checked.
  }
  if (code === 3) {
    const type = document?.error?.type;
    expect(API_ERROR_TYPES, `exit 3 with error type ${String(type)}: ${context}`).toContain(type);
  }
}

describe("fuzz: CLI input parsing", () => {
  it("knows the client's error types (so the exit-3 check is not vacuous)", () => {
    for (const name of ["ConnectionError", "NotFoundError", "TaskFailedError", "DownloadError"])
      expect(API_ERROR_TYPES).toContain(name);
    expect(API_ERROR_TYPES).not.toContain("TypeError");
  });

  it("ends with a documented exit code for any argv", async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(argvArb, fc.boolean(), async (generated, json) => {
        const argv = json ? ["--json", ...generated] : generated;
        const { io: cliIo, out, err } = io();
        const code = await main(argv, cliIo);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expectCleanEnd(argv, code, out, err);
      }),
      { numRuns: 200 },
    );
    // Not vacuous: some argv got through to the emulator, many were refused as usage errors.
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it("reads any --input @file content without crashing", async () => {
    const inputArb = fc.oneof(
      hostileString,
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record(
          {
            mode: fc.oneof(fc.constantFrom("text-to-image", "image-to-image"), fc.jsonValue()),
            prompt: fc.oneof(fc.string({ minLength: 1 }), fc.jsonValue()),
            aspect_ratio: fc.oneof(fc.constantFrom("16:9", "7:3", "auto"), fc.jsonValue()),
            image_urls: fc.oneof(fc.array(fc.webUrl(), { maxLength: 6 }), fc.jsonValue()),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
    );
    const bomArb = fc.constantFrom("", "\uFEFF");
    const codes = new Map<number, number>();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("nano-banana", "flux-2", "suno", "unknown-model"),
        bomArb,
        inputArb,
        async (model, bom, content) => {
          const file = `input-${run++}.json`;
          writeFileSync(join(state, file), `${bom}${content}`);
          const argv = ["--json", "submit", model, "--input", `@${file}`];
          const { io: cliIo, out, err } = io();
          const code = await main(argv, cliIo);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          expectCleanEnd(argv, code, out, err);
          expect(() => JSON.parse(out.join("")), `argv ${argv.join(" ")}`).not.toThrow();
        },
      ),
      { numRuns: 150 },
    );
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});

/** One generated line of a batch file and whether `apixo batch` must refuse it. */
interface GeneratedLine {
  text: string;
  bad: boolean;
}

const goodLine: fc.Arbitrary<GeneratedLine> = fc
  .record({
    prompt: fc.string({ minLength: 1, maxLength: 40 }).filter((prompt) => !prompt.includes("[")),
    aspect_ratio: fc.option(fc.constantFrom("1:1", "16:9", "auto"), { nil: undefined }),
    reorder: fc.boolean(),
  })
  .map(({ prompt, aspect_ratio, reorder }) => {
    const input = { mode: "text-to-image", prompt, ...(aspect_ratio ? { aspect_ratio } : {}) };
    const line = reorder ? { input, model: "nano-banana" } : { model: "nano-banana", input };
    return { text: JSON.stringify(line), bad: false };
  });

const badLine: fc.Arbitrary<GeneratedLine> = fc
  .oneof(
    // Not JSON at all.
    hostileString.filter((text) => {
      if (text.trim() === "" || text.includes("\n")) return false;
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    }),
    // JSON, but not a task object.
    fc
      .jsonValue()
      .filter((value) => typeof value !== "object" || value === null || Array.isArray(value))
      .map((value) => JSON.stringify(value)),
    fc.constantFrom(
      '{"model":"nano-banana"}',
      '{"model":"","input":{}}',
      '{"model":"nano-banana","input":[]}',
      '{"model":3,"input":{"prompt":"x"}}',
      '{"model":"nano-banana","input":{"mode":"text-to-image","prompt":"x"},"provider":7}',
      '{"model":"nano-banana","input":{"mode":"text-to-image","prompt":""}}',
      '{"model":"nano-banana","input":{"mode":"text-to-image","prompt":"x","aspect_ratio":"7:3"}}',
      '{"model":"nano-banana","input":{"mode":"text-to-image","prompt":"x","nope":1}}',
      '{"model":"sora-2","input":{"mode":"text-to-video","prompt":"x"},"provider":"value"}',
    ),
  )
  .map((text) => ({ text, bad: true }));

const blankLine: fc.Arbitrary<GeneratedLine> = fc
  .constantFrom("", "   ", "\t", "\r")
  .map((text) => ({ text, bad: false }));

describe("fuzz: batch JSONL files", () => {
  const submits = () => Object.values(emulator.stats().submits).reduce((a, b) => a + b, 0);

  it("runs every good file and refuses a bad one naming every bad line, before any request", async () => {
    let run = 0;
    const outcomes = { ran: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 4, arbitrary: goodLine }, badLine, blankLine), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom("", "\uFEFF"),
        fc.constantFrom("\n", "\r\n"),
        async (lines, bom, newline) => {
          const file = `batch-${run++}.jsonl`;
          writeFileSync(join(state, file), bom + lines.map((line) => line.text).join(newline));
          const argv = ["batch", file, "--time-scale", "0.0001", "--concurrency", "8"];
          const { io: cliIo, out, err } = io();
          const before = submits();
          const code = await main(argv, cliIo);
          expectCleanEnd(argv, code, out, err);
          const stderr = err.join("");
          const bad = lines.flatMap((line, index) => (line.bad ? [index + 1] : []));
          const good = lines.filter((line) => !line.bad && line.text.trim() !== "").length;
          if (bad.length > 0) {
            outcomes.refused++;
            expect(code, stderr).toBe(2);
            if (bad.length > 1) expect(stderr).toContain(`${bad.length} bad lines`);
            for (const line of bad)
              expect(stderr, `line ${line} not reported`).toMatch(
                new RegExp(`^(error: | {2})line ${line}[: ]`, "m"),
              );
            expect(submits(), "a refused file sent a request").toBe(before);
          } else if (good === 0) {
            expect(code, stderr).toBe(2);
            expect(stderr).toContain("has no tasks");
          } else {
            outcomes.ran++;
            expect(code, stderr).toBe(0);
            expect(submits() - before).toBe(good);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(outcomes.ran).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
