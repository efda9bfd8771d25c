/**
 * The land passes of the scene painter: layered mountain ranges and a city skyline with windows.
 * Both write whole 32-bit pixels row by row, so a 4K image stays fast.
 */
import { type Canvas, mix, packColor, type Rgb } from "./canvas.js";
import type { Palette } from "./palette.js";
import type { Random } from "./random.js";

/** One building of the skyline, in canvas pixels. */
export interface Building {
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

/** Paints the mountain ranges (the nearest one wins each pixel), each darker towards the ground. */
export function paintMountains(
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
  // For an integer row y, y >= line[x] exactly when y >= ceil(line[x]): compare integers.
  const [s0, s1, s2, s3] = lines.map((line) => Int32Array.from(line, Math.ceil)) as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  const frontLowest = s3.reduce((max, y) => Math.max(max, y), 0);
  const top = Math.max(0, Math.floor(Math.min(...peaks)));
  for (let y = top; y < height; y++) {
    const [c0, c1, c2, c3] = palette.mountains.map((color, layer) =>
      packColor(mix(color, shade, Math.min(0.5, (y - (peaks[layer] as number)) / height))),
    ) as [number, number, number, number];
    const offset = y * width;
    // Below the nearest range's lowest point it covers the whole row: one fill.
    if (y >= frontLowest) {
      words.fill(c3, offset, offset + width);
      continue;
    }
    // The nearest range that reaches this row wins; where none does, the sky stays.
    for (let x = 0; x < width; x++) {
      if (y >= (s3[x] as number)) words[offset + x] = c3;
      else if (y >= (s2[x] as number)) words[offset + x] = c2;
      else if (y >= (s1[x] as number)) words[offset + x] = c1;
      else if (y >= (s0[x] as number)) words[offset + x] = c0;
    }
  }
}

/** Lays out a row of buildings standing on `ground`, across the whole width. */
export function planBuildings(random: Random, width: number, height: number, ground: number) {
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

/** Paints the buildings as silhouettes with a grid of lit and dark windows. */
export function paintBuildings(
  canvas: Canvas,
  palette: Palette,
  buildings: Building[],
  ground: number,
) {
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
