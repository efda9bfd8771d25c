/**
 * Paints a seeded landscape: gradient sky, sun or moon with a glow, stars at night, layered
 * mountain ranges, an optional city skyline with lit windows and an optional lake reflecting it all.
 */
import { type Canvas, fillRect } from "./canvas.js";
import type { Palette } from "./palette.js";
import type { Random } from "./random.js";
import { paintSky, paintStars, paintSun } from "./sky.js";
import { paintBuildings, paintMountains, planBuildings } from "./terrain.js";
import { paintGlints, paintLake } from "./water.js";

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
