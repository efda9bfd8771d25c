import jpeg from "jpeg-js";
import { PNG } from "pngjs";

/** A decoded image: RGBA pixels. */
export interface Decoded {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes a PNG with pngjs (a third-party decoder, independent of the renderer's encoder). */
export function decodePng(bytes: Uint8Array): Decoded {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** Decodes a JPEG with jpeg-js. */
export function decodeJpeg(bytes: Uint8Array): Decoded {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width: image.width, height: image.height, data: image.data };
}

/** Mean R, G, B of an image. */
export function meanColor(image: Decoded): [number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    r += image.data[i] as number;
    g += image.data[i + 1] as number;
    b += image.data[i + 2] as number;
  }
  const n = image.data.length / 4;
  return [r / n, g / n, b / n];
}

/** Euclidean distance between two colours. */
export function colorDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(
    (a[0] ?? 0) - (b[0] ?? 0),
    (a[1] ?? 0) - (b[1] ?? 0),
    (a[2] ?? 0) - (b[2] ?? 0),
  );
}

/** Mean absolute per-channel difference between two same-sized images (0–255). */
export function meanAbsoluteDifference(a: Decoded, b: Decoded): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++)
      sum += Math.abs((a.data[i + c] as number) - (b.data[i + c] as number));
    count += 3;
  }
  return sum / count;
}
