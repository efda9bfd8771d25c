/**
 * A minimal RGBA raster with the few drawing primitives the scene painter needs.
 * Pixels are written straight into one typed array, which is what the PNG and JPEG encoders take.
 */
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from "./bitmap-font.js";

/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** An RGBA raster: `data` holds width × height × 4 bytes, row by row, alpha always 255. */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** The same memory as one 32-bit word per pixel, for fast fills (see {@link packColor}). */
  readonly words: Uint32Array;
}

const packBytes = new Uint8Array(4);
const packWord = new Uint32Array(packBytes.buffer);

/** An opaque colour as the platform-endian 32-bit word that lands as R, G, B, 255 in memory. */
export function packColor(color: Rgb): number {
  packBytes[0] = color[0];
  packBytes[1] = color[1];
  packBytes[2] = color[2];
  packBytes[3] = 255;
  return packWord[0] as number;
}

/** A new canvas, all zero (transparent black): the first pass must paint every pixel opaque. */
export function createCanvas(width: number, height: number): Canvas {
  const data = new Uint8Array(width * height * 4);
  return { width, height, data, words: new Uint32Array(data.buffer) };
}

/** Linear interpolation between two colours (`t` in [0, 1]). */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** An HSL colour (hue in degrees, saturation and lightness in [0, 1]) as RGB. */
export function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 360;
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (offset: number): number => {
    const k = (h * 12 + offset) % 12;
    const value = lightness - (chroma / 2) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255);
  };
  return [channel(0), channel(8), channel(4)];
}

/** Blends a colour over one pixel with opacity `alpha` (coordinates must be inside the canvas). */
export function blendPixel(canvas: Canvas, x: number, y: number, color: Rgb, alpha: number): void {
  const i = (y * canvas.width + x) * 4;
  const data = canvas.data;
  data[i] = (data[i] as number) + (color[0] - (data[i] as number)) * alpha;
  data[i + 1] = (data[i + 1] as number) + (color[1] - (data[i + 1] as number)) * alpha;
  data[i + 2] = (data[i + 2] as number) + (color[2] - (data[i + 2] as number)) * alpha;
}

/** Blends a colour over a rectangle (clipped to the canvas); `alpha` 1 paints it opaque. */
export function fillRect(
  canvas: Canvas,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  color: Rgb,
  alpha = 1,
): void {
  const left = Math.max(0, Math.floor(x0));
  const right = Math.min(canvas.width, Math.ceil(x1));
  const top = Math.max(0, Math.floor(y0));
  const bottom = Math.min(canvas.height, Math.ceil(y1));
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) blendPixel(canvas, x, y, color, alpha);
  }
}

/** Width in canvas pixels of a single line of text at a scale. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}

/** Height in canvas pixels of a line of text at a scale. */
export function textHeight(scale: number): number {
  return GLYPH_HEIGHT * scale;
}

/** Draws one line of printable ASCII with the built-in font, each font pixel a `scale`² block. */
export function drawText(
  canvas: Canvas,
  text: string,
  x: number,
  y: number,
  scale: number,
  color: Rgb,
): void {
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    const originX = x + c * GLYPH_ADVANCE * scale;
    for (let column = 0; column < GLYPH_WIDTH; column++) {
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        if (!glyphPixel(code, column, row)) continue;
        const px = originX + column * scale;
        const py = y + row * scale;
        fillRect(canvas, px, py, px + scale, py + scale, color);
      }
    }
  }
}
