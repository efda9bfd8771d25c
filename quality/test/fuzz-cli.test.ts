// Fuzzing the CLI's input parsing: random argv built from real and hostile flags ends with one of
// the documented exit codes, never a crash or an unhandled rejection.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "@apixo-ts/cli";
import { type RunningEmulator, startEmulator } from "@apixo-ts/emulator";
import { models } from "@apixo-ts/openapi";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const EXIT_CODES = [0, 1, 2, 3, 4, 130];
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

describe("fuzz: CLI input parsing", () => {
  it("ends with a documented exit code for any argv", async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const { io: cliIo, err } = io();
        const code = await main(argv, cliIo);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(EXIT_CODES, `argv ${JSON.stringify(argv)} → ${code}\n${err.join("")}`).toContain(
          code,
        );
        expect(err.join(""), "a stack trace leaked to the user").not.toMatch(
          /\n\s+at .+\(.+:\d+:\d+\)/,
        );
      }),
      { numRuns: 200 },
    );
    // Not vacuous: some argv got through to the emulator, many were refused as usage errors.
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
