import { describe, expect, it } from "vitest";
import { type FlagArity, parseArgv } from "../src/internal/argv.js";

const arities: Record<string, FlagArity> = {
  json: "boolean",
  sound: "boolean",
  save: "value",
  "image-url": "list",
};
const arityOf = (name: string) => arities[name];

describe("parseArgv", () => {
  it.each([
    ["value flag", ["run", "m", "--save", "out"], { positionals: ["run", "m"], save: ["out"] }],
    ["--flag=value", ["run", "--save=out dir"], { positionals: ["run"], save: ["out dir"] }],
    [
      "boolean does not eat a positional",
      ["--json", "run"],
      { positionals: ["run"], json: ["true"] },
    ],
    [
      "boolean takes a literal false",
      ["--sound", "false", "x"],
      { positionals: ["x"], sound: ["false"] },
    ],
    ["--no-flag", ["--no-sound"], { positionals: [], sound: ["false"] }],
    [
      "repeated flags",
      ["--image-url", "a", "--image-url", "b"],
      { positionals: [], "image-url": ["a", "b"] },
    ],
    ["unknown flag takes a value", ["--prompt", "hi", "x"], { positionals: ["x"], prompt: ["hi"] }],
    [
      "unknown flag before a flag is a switch",
      ["--fast", "--json"],
      { positionals: [], fast: ["true"], json: ["true"] },
    ],
    ["-- ends flags", ["run", "--", "--json"], { positionals: ["run", "--json"] }],
    ["short aliases", ["-q", "-v"], { positionals: [], quiet: ["true"], verbose: ["true"] }],
    ["negative numbers are values", ["--seed", "-5"], { positionals: [], seed: ["-5"] }],
  ])("%s", (_name, argv, want) => {
    const { positionals, ...flags } = want as { positionals: string[] } & Record<string, string[]>;
    const parsed = parseArgv(argv, arityOf);
    expect(parsed.positionals).toEqual(positionals);
    expect(Object.fromEntries(parsed.flags)).toEqual(flags);
  });

  it("refuses a value flag without a value", () => {
    expect(() => parseArgv(["--save"], arityOf)).toThrow(/--save needs a value/);
    expect(() => parseArgv(["--save", "--json"], arityOf)).toThrow(/--save needs a value/);
  });

  it("refuses an unknown short flag", () => {
    expect(() => parseArgv(["-x"], arityOf)).toThrow(/unknown option -x/);
  });
});
