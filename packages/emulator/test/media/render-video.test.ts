import { describe, expect, it } from "vitest";
import { renderVideo, videoOrientation } from "../../src/media/index.js";

/** The top-level MP4 boxes: [type, size] in file order. */
function topLevelBoxes(bytes: Uint8Array): [string, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: [string, number][] = [];
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    boxes.push([type, size]);
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** Reads width and height from the first `avc1` sample entry. */
function avcSize(bytes: Uint8Array): { width: number; height: number } {
  const text = Buffer.from(bytes).toString("latin1");
  // The brand list in `ftyp` also says "avc1": look inside the sample description box.
  const at = text.indexOf("avc1", text.indexOf("stsd"));
  expect(at).toBeGreaterThan(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // After the type: 6 reserved, data reference index (2), 16 pre-defined/reserved, width, height.
  return { width: view.getUint16(at + 4 + 24), height: view.getUint16(at + 4 + 26) };
}

describe("renderVideo", () => {
  it("returns a complete, small H.264 MP4 file", () => {
    const video = renderVideo({ prompt: "a cat surfing", seed: 7, index: 0 });
    expect(video.contentType).toBe("video/mp4");
    const boxes = topLevelBoxes(video.bytes);
    expect(boxes[0]?.[0]).toBe("ftyp");
    expect(boxes.map(([type]) => type)).toEqual(expect.arrayContaining(["ftyp", "moov", "mdat"]));
    // The boxes tile the whole file exactly: nothing is truncated.
    expect(boxes.reduce((sum, [, size]) => sum + size, 0)).toBe(video.bytes.length);
    expect(Buffer.from(video.bytes).includes("avcC")).toBe(true);
    expect(video.bytes.length).toBeLessThan(100_000);
  });

  it.each([
    [undefined, { width: 320, height: 180 }],
    ["16:9", { width: 320, height: 180 }],
    ["landscape", { width: 320, height: 180 }],
    ["9:16", { width: 180, height: 320 }],
    ["portrait", { width: 180, height: 320 }],
    ["720*1280", { width: 180, height: 320 }],
    ["1:1", { width: 240, height: 240 }],
  ])("picks a clip shaped like %s", (aspectRatio, want) => {
    const video = renderVideo({
      prompt: "shape",
      seed: 1,
      index: 0,
      ...(aspectRatio ? { aspectRatio } : {}),
    });
    expect(avcSize(video.bytes)).toEqual(want);
  });

  it("is deterministic and varies with prompt, seed and index", () => {
    const pick = (prompt: string, seed: number, index: number) =>
      Buffer.from(renderVideo({ prompt, seed, index }).bytes).toString("base64");
    expect(pick("a", 1, 0)).toBe(pick("a", 1, 0));
    const seen = new Set<string>();
    for (let index = 0; index < 12; index++) seen.add(pick("a", 1, index));
    expect(seen.size).toBeGreaterThan(1);
  });

  it("hands out copies that callers may change", () => {
    const first = renderVideo({ prompt: "a", seed: 1, index: 0 });
    first.bytes.fill(0);
    expect(topLevelBoxes(renderVideo({ prompt: "a", seed: 1, index: 0 }).bytes)[0]?.[0]).toBe(
      "ftyp",
    );
  });

  it("maps aspect ratios to orientations", () => {
    expect(videoOrientation("auto")).toBe("landscape");
    expect(videoOrientation("4:3")).toBe("landscape");
    expect(videoOrientation("3:4")).toBe("portrait");
    expect(videoOrientation("1:1")).toBe("square");
  });
});
