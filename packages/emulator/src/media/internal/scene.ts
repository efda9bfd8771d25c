/**
 * Paints a seeded landscape: gradient sky, sun or moon with a glow, stars at night, layered
 * mountain ranges, an optional city skyline with lit windows and an optional lake reflecting it all.
 * Every pass writes whole 32-bit pixels row by row, so a 4K image stays fast.
 */
import { blendPixel, type Canvas, fillRect, mix, packColor, type Rgb } from "./canvas.js";
import type { Palette } from "./palette.js";
import type { Random } from "./random.js";

interface Building {
  left: number;
  right: number;
  top: number;
  seed: number;
}

/** A smooth ridge line: a few sines with seeded frequencies and phases, as y per column. */
function ridge(random: Random, width: number, height: number, base: number, amplitude: number) {
  const waves = Array.from({ length: 4 }, (_, k) => ({
    frequency: (random.range(1, 3) * 2 ** k * Math.PI) / width,
    phase: random.range(0, Math.PI * 2),
    weight: 1 / 1.8 ** k,
  }));
  const total = waves.reduce((sum, wave) => sum + wave.weight, 0);
  const line = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    let value = 0;
    for (const wave of waves) value += Math.sin(x * wave.frequency + wave.phase) * wave.weight;
    line[x] = base * height - (0.5 + (0.5 * value) / total) * amplitude * height;
  }
  return line;
}

function paintSky(canvas: Canvas, palette: Palette, horizon: number): void {
  const { width, height, words } = canvas;
  for (let y = 0; y < height; y++) {
    const t = Math.min(1, y / horizon) ** 0.9;
    words.fill(packColor(mix(palette.skyTop, palette.skyHorizon, t)), y * width, (y + 1) * width);
  }
}

function paintStars(canvas: Canvas, palette: Palette, random: Random, horizon: number): void {
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
function paintSun(canvas: Canvas, palette: Palette, random: Random, horizon: number): number {
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

function planBuildings(random: Random, width: number, height: number, ground: number) {
  const buildings: Building[] = [];
  const unit = Math.max(2, width / 48);
  let x = random.range(-unit, 0);
  while (x < width) {
    const w = unit * random.range(1.4, 4);
    const tall = random.next() < 0.15 ? random.range(0.3, 0.45) : random.range(0.08, 0.28);
    buildings.push({
      left: x,
      right: x + w,
      top: ground - tall * height,
      seed: random.int(1, 1e9),
    });
    x += w + unit * random.range(-0.6, 0.5);
  }
  return buildings;
}

function paintBuildings(canvas: Canvas, palette: Palette, buildings: Building[], ground: number) {
  const { width, words } = canvas;
  const wall = packColor(palette.building);
  const lit = packColor(palette.window);
  const dim = packColor(mix(palette.building, palette.window, 0.18));
  const cell = Math.max(3, Math.round(width / 110));
  const litShare = palette.mood === "day" ? 0.25 : palette.mood === "dusk" ? 0.45 : 0.6;
  for (const building of buildings) {
    const left = Math.max(0, Math.round(building.left));
    const right = Math.min(width, Math.round(building.right));
    const top = Math.max(0, Math.round(building.top));
    for (let y = top; y < ground; y++) {
      const row = Math.floor((y - top) / cell);
      const inWindowRow = (y - top) % cell >= cell * 0.35 && row > 0;
      for (let x = left; x < right; x++) {
        let word = wall;
        const column = Math.floor((x - left) / cell);
        if (inWindowRow && (x - left) % cell >= cell * 0.4 && x < right - cell * 0.6) {
          let h = Math.imul(column + 1, 73856093) ^ Math.imul(row + 1, 19349663) ^ building.seed;
          h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
          word = ((h >>> 8) & 1023) / 1024 < litShare ? lit : dim;
        }
        words[y * width + x] = word;
      }
    }
  }
}

function paintMountains(
  canvas: Canvas,
  palette: Palette,
  random: Random,
  horizon: number,
  foot: number,
) {
  const { width, height, words } = canvas;
  const lines = palette.mountains.map((_, layer) => {
    const base = (horizon / height) * (foot + layer * 0.1);
    return ridge(random, width, height, base, 0.28 - layer * 0.04);
  });
  const peaks = lines.map((line) => line.reduce((min, y) => Math.min(min, y), height));
  const shade: Rgb = mix(palette.skyTop, [0, 0, 0], 0.5);
  const front = lines.length - 1;
  const frontLine = lines[front] as Float32Array;
  const frontLowest = frontLine.reduce((max, y) => Math.max(max, y), 0);
  const top = Math.max(0, Math.floor(Math.min(...peaks)));
  const colors = new Uint32Array(lines.length);
  for (let y = top; y < height; y++) {
    palette.mountains.forEach((color, layer) => {
      colors[layer] = packColor(
        mix(color, shade, Math.min(0.5, (y - (peaks[layer] as number)) / height)),
      );
    });
    const offset = y * width;
    // Below the nearest range's lowest point it covers the whole row: one fill.
    if (y >= frontLowest) {
      words.fill(colors[front] as number, offset, offset + width);
      continue;
    }
    for (let x = 0; x < width; x++) {
      // The nearest range that reaches this row wins.
      for (let layer = front; layer >= 0; layer--) {
        if (y >= ((lines[layer] as Float32Array)[x] as number)) {
          words[offset + x] = colors[layer] as number;
          break;
        }
      }
    }
  }
}

/** Short horizontal glints on the water, densest in a path below the sun. */
function paintGlints(
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

function paintLake(canvas: Canvas, palette: Palette, random: Random, shore: number) {
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

/** Paints the whole landscape for one palette and one random source. */
export function paintScene(canvas: Canvas, palette: Palette, random: Random): void {
  const { width, height } = canvas;
  const horizon = Math.round(height * random.range(0.58, 0.72));
  const variant = random.int(0, 2); // 0 city, 1 lake, 2 city on a lake
  const hasLake = variant >= 1;
  const ground = hasLake ? horizon : height;
  paintSky(canvas, palette, horizon);
  if (palette.mood === "night") paintStars(canvas, palette, random, horizon);
  const sunX = paintSun(canvas, palette, random, horizon);
  // Over a lake the ranges stand back from the shore, so the water mirrors some sky too.
  paintMountains(canvas, palette, random, horizon, hasLake ? 0.66 : 0.72);
  if (variant !== 1) {
    const buildings = planBuildings(random, width, height, ground);
    paintBuildings(canvas, palette, buildings, ground);
  }
  if (hasLake) {
    paintLake(canvas, palette, random, horizon);
    const shoreline = Math.max(1, Math.round(height / 400));
    fillRect(canvas, 0, horizon, width, horizon + shoreline, palette.skyHorizon, 0.45);
    paintGlints(canvas, palette, random, horizon, sunX);
  }
}
