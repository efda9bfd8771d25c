import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { createCanvas } from "../../src/media/internal/canvas.js";
import { encodeJpeg } from "../../src/media/internal/jpeg-encoder.js";
import { encodePng } from "../../src/media/internal/png-encoder.js";
import { createRandom } from "../../src/media/internal/random.js";
import { decodeJpeg, decodePng } from "./decode.js";

/** A raster with smooth gradients, hard edges and noise: every kind of content the scenes have. */
function testRaster(width: number, height: number) {
  const canvas = createCanvas(width, height);
  const random = createRandom(99);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const noisy = x > width / 2 && y > height / 2;
      canvas.data[i] = Math.round((255 * x) / Math.max(1, width - 1));
      const green = Math.round((255 * y) / Math.max(1, height - 1));
      canvas.data[i + 1] = noisy ? Math.min(255, green + random.int(0, 60)) : green;
      canvas.data[i + 2] = (x >> 3) % 2 === 0 ? 40 : 220;
      canvas.data[i + 3] = 255;
    }
  }
  return canvas;
}

/** Peak signal-to-noise ratio over RGB, in dB (identical images give Infinity). */
function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = (a[i + c] as number) - (b[i + c] as number);
      sum += d * d;
      count++;
    }
  }
  return sum === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / (sum / count));
}

describe("encodePng", () => {
  it.each([
    [1, 1],
    [7, 3],
    [64, 64],
    [301, 17],
  ])("round-trips a %i×%i raster losslessly through pngjs", (width, height) => {
    const canvas = testRaster(width, height);
    const decoded = decodePng(encodePng(canvas.data, width, height));
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width, height });
    expect(Buffer.from(decoded.data).equals(Buffer.from(canvas.data))).toBe(true);
  });
});

describe("encodeJpeg", () => {
  it.each([
    [1, 1],
    [17, 9],
    [64, 48],
    [333, 101],
  ])("encodes a %i×%i raster that jpeg-js decodes faithfully", (width, height) => {
    const canvas = testRaster(width, height);
    const bytes = encodeJpeg(canvas.data, width, height, 90);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    const decoded = decodeJpeg(bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width, height });
    expect(psnr(canvas.data, decoded.data)).toBeGreaterThan(25);
  });

  it.each([
    [17, 9],
    [64, 48],
    [333, 101],
  ])(
    "matches jpeg-js exactly in quality on grey %i×%i content (same luma pipeline)",
    (width, height) => {
      // Grey content has no chroma, so subsampling loses nothing: both encoders must agree.
      const canvas = createCanvas(width, height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const value = ((x * 15 + y * 32) % 256) ^ ((x >> 3) % 2 ? 0x40 : 0);
          canvas.data.fill(value, (y * width + x) * 4, (y * width + x) * 4 + 3);
          canvas.data[(y * width + x) * 4 + 3] = 255;
        }
      }
      const mine = psnr(canvas.data, decodeJpeg(encodeJpeg(canvas.data, width, height, 90)).data);
      const reference = decodeJpeg(jpeg.encode({ data: canvas.data, width, height }, 90).data);
      expect(mine).toBeCloseTo(psnr(canvas.data, reference.data), 1);
      expect(mine).toBeGreaterThan(35);
    },
  );

  it("keeps a flat colour nearly exact and smaller than a busy picture", () => {
    const flat = createCanvas(64, 64);
    flat.words.fill(new Uint32Array(Uint8Array.of(200, 100, 50, 255).buffer)[0] as number);
    const bytes = encodeJpeg(flat.data, 64, 64, 85);
    const decoded = decodeJpeg(bytes);
    expect(psnr(flat.data, decoded.data)).toBeGreaterThan(40);
    expect(bytes.length).toBeLessThan(encodeJpeg(testRaster(64, 64).data, 64, 64, 85).length);
  });

  it("makes smaller files at lower quality", () => {
    const canvas = testRaster(128, 128);
    expect(encodeJpeg(canvas.data, 128, 128, 30).length).toBeLessThan(
      encodeJpeg(canvas.data, 128, 128, 95).length,
    );
  });
});
