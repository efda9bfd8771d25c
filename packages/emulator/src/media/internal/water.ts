/**
 * The water passes of the scene painter: a rippled, tinted reflection of everything above the
 * shore, and glints of sunlight on it.
 */
import { type Canvas, fillRect } from "./canvas.js";
import type { Palette } from "./palette.js";
import type { Random } from "./random.js";

/** Mirrors the rows above the shore into the lake, with ripples and a water tint deepening downwards. */
export function paintLake(canvas: Canvas, palette: Palette, random: Random, shore: number) {
  const { width, height, words, data } = canvas;
  const ripple = Math.max(1, width / 300);
  const frequency = random.range(0.15, 0.3);
  for (let y = shore; y < height; y++) {
    const source = Math.max(0, 2 * shore - y - 1);
    const shift = Math.round(
      Math.sin(y * frequency) * ripple * (1 + (y - shore) / (height - shore)),
    );
    const from = source * width;
    const to = y * width;
    if (shift >= 0) {
      words.copyWithin(to + shift, from, from + width - shift);
      words.fill(words[from] as number, to, to + shift);
    } else {
      words.copyWithin(to, from - shift, from + width);
      words.fill(words[from + width - 1] as number, to + width + shift, to + width);
    }
    const depth = 0.4 + (0.35 * (y - shore)) / (height - shore);
    const [r, g, b] = palette.water;
    for (let i = to * 4, end = (to + width) * 4; i < end; i += 4) {
      data[i] = (data[i] as number) + (r - (data[i] as number)) * depth;
      data[i + 1] = (data[i + 1] as number) + (g - (data[i + 1] as number)) * depth;
      data[i + 2] = (data[i + 2] as number) + (b - (data[i + 2] as number)) * depth;
    }
  }
}

/** Short horizontal glints on the water, densest in a path below the sun. */
export function paintGlints(
  canvas: Canvas,
  palette: Palette,
  random: Random,
  shore: number,
  sunX: number,
) {
  const { width, height } = canvas;
  const thickness = Math.max(1, Math.round(height / 500));
  const count = Math.round((width * (height - shore)) / 2500);
  for (let n = 0; n < count; n++) {
    const y = random.int(shore + thickness, height - thickness);
    const depth = (y - shore) / (height - shore);
    const inPath = random.next() < 0.6;
    const spread = width * (0.04 + 0.18 * depth);
    const x = inPath ? sunX + (random.next() + random.next() - 1) * spread : random.range(0, width);
    const length = width * random.range(0.006, 0.03) * (0.5 + depth);
    const alpha = (inPath ? 0.55 : 0.25) * random.range(0.4, 1);
    fillRect(canvas, x - length / 2, y, x + length / 2, y + thickness, palette.sun, alpha);
  }
}
