import { describe, expect, it } from "vitest";
import { imageSize, parseAspectRatio } from "../../src/media/index.js";

describe("imageSize", () => {
  const cases: [
    string,
    { aspectRatio?: string; resolution?: string },
    { width: number; height: number },
  ][] = [
    ["default is 1024 square", {}, { width: 1024, height: 1024 }],
    ["auto is square", { aspectRatio: "auto" }, { width: 1024, height: 1024 }],
    ["16:9 at 1k", { aspectRatio: "16:9", resolution: "1k" }, { width: 1024, height: 576 }],
    ["9:16 at 1K", { aspectRatio: "9:16", resolution: "1K" }, { width: 576, height: 1024 }],
    ["21:9", { aspectRatio: "21:9" }, { width: 1024, height: 439 }],
    ["1:8", { aspectRatio: "1:8" }, { width: 128, height: 1024 }],
    ["8:1 at 2k", { aspectRatio: "8:1", resolution: "2k" }, { width: 2048, height: 256 }],
    ["4:3 at 2K", { aspectRatio: "4:3", resolution: "2K" }, { width: 2048, height: 1536 }],
    ["3:2 at 4K", { aspectRatio: "3:2", resolution: "4K" }, { width: 4096, height: 2731 }],
    ["midjourney 5:6", { aspectRatio: "5:6" }, { width: 853, height: 1024 }],
    ["sora landscape", { aspectRatio: "landscape" }, { width: 1024, height: 576 }],
    ["sora portrait", { aspectRatio: "portrait" }, { width: 576, height: 1024 }],
    [
      "explicit size wins",
      { aspectRatio: "1280*720", resolution: "4K" },
      { width: 1280, height: 720 },
    ],
    ["explicit size with x", { aspectRatio: "1024x1792" }, { width: 1024, height: 1792 }],
    [
      "video preset is the short side",
      { aspectRatio: "16:9", resolution: "720p" },
      { width: 1280, height: 720 },
    ],
    ["unknown ratio falls back to square", { aspectRatio: "wide" }, { width: 1024, height: 1024 }],
    ["explicit sizes are clamped", { aspectRatio: "9999*10" }, { width: 4096, height: 10 }],
  ];
  it.each(cases)("%s", (_name, given, want) => {
    expect(imageSize(given.aspectRatio, given.resolution)).toEqual(want);
  });
});

describe("parseAspectRatio", () => {
  it("parses ratios, names and sizes", () => {
    expect(parseAspectRatio("2:3")).toEqual([2, 3]);
    expect(parseAspectRatio(" Landscape ")).toEqual([16, 9]);
    expect(parseAspectRatio("1792*1024")).toEqual([1792, 1024]);
    expect(parseAspectRatio(undefined)).toEqual([1, 1]);
    expect(parseAspectRatio("0:5")).toEqual([1, 1]);
  });
});
