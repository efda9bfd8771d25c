import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../src/internal/did-you-mean.js";

describe("didYouMean", () => {
  it.each([
    ["a typo in an enum value", "16x9", ["1:1", "16:9", "9:16"], "16:9"],
    ["case only", "1k", ["1K", "2K"], "1K"],
    ["a flag name", "aspect-ration", ["aspect-ratio", "prompt"], "aspect-ratio"],
    ["underscore for dash", "aspect_ratio", ["aspect-ratio"], "aspect-ratio"],
    ["a model id", "nano-banan", ["nano-banana", "flux-2"], "nano-banana"],
    ["nothing close", "zebra", ["16:9", "1:1"], undefined],
    ["exact match needs no hint", "16:9", ["16:9"], undefined],
  ])("%s", (_name, given, candidates, want) => {
    expect(didYouMean(given, candidates)).toBe(want);
  });

  it("computes the edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});
