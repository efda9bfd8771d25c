/**
 * The sky passes of the scene painter: the vertical gradient, stars and the sun or moon with a glow.
 */
import { blendPixel, type Canvas, mix, packColor } from "./canvas.js";
import type { Palette } from "./palette.js";
import type { Random } from "./random.js";

/** Fills every row with the sky gradient, from the zenith to the horizon colour. */
export function paintSky(canvas: Canvas, palette: Palette, horizon: number): void {
  const { width, height, words } = canvas;
  for (let y = 0; y < height; y++) {
    const t = Math.min(1, y / horizon) ** 0.9;
    words.fill(packColor(mix(palette.skyTop, palette.skyHorizon, t)), y * width, (y + 1) * width);
  }
}

/** Scatters stars over the upper sky, fading towards the horizon. */
export function paintStars(
  canvas: Canvas,
  palette: Palette,
  random: Random,
  horizon: number,
): void {
  const count = Math.round((canvas.width * horizon) / 1800);
  const size = Math.max(1, Math.round(Math.min(canvas.width, canvas.height) / 700));
  for (let n = 0; n < count; n++) {
    const x = random.int(0, canvas.width - size);
    const y = random.int(0, Math.max(0, Math.floor(horizon * 0.85) - size));
    const alpha = random.range(0.25, 1) * (1 - y / horizon);
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) blendPixel(canvas, x + dx, y + dy, palette.sun, alpha);
  }
}

/** Paints the sun or moon with its glow; returns its centre column (the lake glitters below it). */
export function paintSun(
  canvas: Canvas,
  palette: Palette,
  random: Random,
  horizon: number,
): number {
  const { width, height, data } = canvas;
  const radius = Math.min(width, height) * random.range(0.045, 0.09);
  const cx = random.range(0.15, 0.85) * width;
  const cy = horizon * random.range(0.3, 0.8);
  const glow = radius * (palette.mood === "night" ? 3.5 : 5);
  const strength = palette.mood === "day" ? 0.55 : 0.7;
  const [r, g, b] = palette.sun;
  const top = Math.max(0, Math.floor(cy - glow));
  const bottom = Math.min(height, Math.ceil(cy + glow));
  for (let y = top; y < bottom; y++) {
    const dy = y + 0.5 - cy;
    const span = Math.sqrt(Math.max(0, glow * glow - dy * dy));
    const left = Math.max(0, Math.floor(cx - span));
    const right = Math.min(width, Math.ceil(cx + span));
    for (let x = left, i = (y * width + left) * 4; x < right; x++, i += 4) {
      const dx = x + 0.5 - cx;
      const distance = Math.sqrt(dx * dx + dy * dy);
      let alpha: number;
      if (distance <= radius) alpha = 1;
      else if (distance < radius + 1) alpha = radius + 1 - distance;
      else if (distance < glow) {
        const t = 1 - (distance - radius) / (glow - radius);
        alpha = strength * t * t * t;
      } else continue;
      data[i] = (data[i] as number) + (r - (data[i] as number)) * alpha;
      data[i + 1] = (data[i + 1] as number) + (g - (data[i + 1] as number)) * alpha;
      data[i + 2] = (data[i + 2] as number) + (b - (data[i + 2] as number)) * alpha;
    }
  }
  return cx;
}
