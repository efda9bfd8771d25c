import { describe, expect, it } from "vitest";
import { imageSize, type RenderImageOptions, renderImage } from "../../src/media/index.js";
import {
  colorDistance,
  decodeJpeg,
  decodePng,
  meanAbsoluteDifference,
  meanColor,
} from "./decode.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("renderImage", () => {
  it("renders a PNG whose decoded size matches the aspect ratio and resolution", () => {
    const image = renderImage({
      prompt: "A futuristic city at sunset",
      seed: 7,
      index: 0,
      aspectRatio: "16:9",
      resolution: "1k",
      format: "png",
    });
    expect(image.contentType).toBe("image/png");
    expect([...image.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const decoded = decodePng(image.bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 1024, height: 576 });
    expect({ width: image.width, height: image.height }).toEqual({ width: 1024, height: 576 });
  });

  it("renders a JPEG (SOI and EOI markers) with the requested size", () => {
    const image = renderImage({
      prompt: "a bowl of ramen",
      seed: 1,
      index: 0,
      aspectRatio: "3:4",
      format: "jpeg",
    });
    expect(image.contentType).toBe("image/jpeg");
    expect([...image.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...image.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    const decoded = decodeJpeg(image.bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 768, height: 1024 });
  });

  it.each([
    ["21:9", undefined],
    ["1:8", undefined],
    ["8:1", "1k"],
    ["5:6", undefined],
    ["portrait", undefined],
    ["1280*720", undefined],
    ["auto", undefined],
    ["21:9", "2K"],
  ])("decodes to the size imageSize gives for %s / %s", (aspectRatio, resolution) => {
    const image = renderImage({
      prompt: "size check",
      seed: 3,
      index: 1,
      aspectRatio,
      ...(resolution === undefined ? {} : { resolution }),
      format: "png",
    });
    const decoded = decodePng(image.bytes);
    const want = imageSize(aspectRatio, resolution);
    expect({ width: decoded.width, height: decoded.height }).toEqual(want);
    expect(decoded.width / decoded.height).toBeCloseTo(want.width / want.height, 5);
  });

  it.each(["png", "jpeg"] as const)("renders the true 4K size as %s", (format) => {
    // 8:1 keeps the test quick while still proving a 4096-pixel long side.
    const image = renderImage({
      prompt: "a very wide picture",
      seed: 1,
      index: 0,
      aspectRatio: "8:1",
      resolution: "4K",
      format,
    });
    const decoded = format === "png" ? decodePng(image.bytes) : decodeJpeg(image.bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 4096, height: 512 });
  });

  it("is deterministic: the same input gives the same bytes", () => {
    const options = {
      prompt: "a red fox",
      seed: 42,
      index: 2,
      aspectRatio: "4:3",
      format: "png",
    } as const;
    const bytes = (given: RenderImageOptions) => Buffer.from(renderImage(given).bytes);
    expect(bytes(options).equals(bytes(options))).toBe(true);
    const jpegOptions = { ...options, format: "jpeg" } as const;
    expect(bytes(jpegOptions).equals(bytes(jpegOptions))).toBe(true);
  });

  it("gives different prompts visibly different pictures", () => {
    const render = (prompt: string) =>
      decodePng(
        renderImage({ prompt, seed: 7, index: 0, aspectRatio: "1:1", format: "png" }).bytes,
      );
    const prompts = [
      "a red fox in the snow",
      "cyberpunk city at night with neon lights",
      "a quiet harbour in the morning",
      "a bowl of ramen, studio photo",
    ];
    const images = prompts.map(render);
    for (let a = 0; a < images.length; a++) {
      for (let b = a + 1; b < images.length; b++) {
        const first = images[a] as ReturnType<typeof render>;
        const second = images[b] as ReturnType<typeof render>;
        // Different palettes and layouts: on average every channel of every pixel differs a lot.
        expect(meanAbsoluteDifference(first, second)).toBeGreaterThan(20);
      }
    }
  });

  it("follows colour words in the prompt", () => {
    const render = (prompt: string) =>
      decodePng(
        renderImage({ prompt, seed: 7, index: 0, aspectRatio: "1:1", format: "png" }).bytes,
      );
    const red = meanColor(render("a red sky over the day"));
    const blue = meanColor(render("a blue sky over the day"));
    expect(red[0]).toBeGreaterThan(red[2]);
    expect(blue[2]).toBeGreaterThan(blue[0]);
    expect(colorDistance(red, blue)).toBeGreaterThan(40);
  });

  it("gives each output index and seed of one prompt its own picture", () => {
    const render = (seed: number, index: number) =>
      Buffer.from(renderImage({ prompt: "a lighthouse", seed, index, format: "png" }).bytes);
    const first = render(1, 0);
    expect(render(1, 1).equals(first)).toBe(false);
    expect(render(2, 0).equals(first)).toBe(false);
  });

  it("accepts prompts outside ASCII, empty prompts and very long prompts", () => {
    for (const prompt of ["", "café 東京 🌸", "word ".repeat(2000)]) {
      const image = renderImage({ prompt, seed: 1, index: 0, aspectRatio: "1:1", format: "png" });
      expect(decodePng(image.bytes).width).toBe(1024);
    }
  });
});
