/**
 * Maps the API's `aspect_ratio`, `size` and `resolution` values to pixel dimensions.
 *
 * Accepted aspect ratios: `W:H` (every ratio the models list, e.g. `21:9`, `1:8`), `auto` (1:1),
 * `landscape` (16:9), `portrait` (9:16), `square` (1:1), and explicit sizes `W*H` / `WxH`
 * (e.g. sora-2-pro's `1280*720`), which win over `resolution`.
 * Accepted resolutions: `1k`/`1K` (long side 1024), `2k`/`2K` (2048), `4k`/`4K` (4096), and the video
 * presets `480p`/`720p`/`1080p` (short side). Anything else falls back to the defaults, because the
 * emulator validates requests against the contract before rendering.
 */

/** The pixel size of an image. */
export interface ImageSize {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** Long side used when no resolution is given. @default 1024 */
export const DEFAULT_LONG_SIDE = 1024;

/** The largest side the renderer accepts (explicit sizes are clamped to it). */
export const MAX_SIDE = 4096;

const NAMED_RATIOS: Record<string, readonly [number, number]> = {
  auto: [1, 1],
  square: [1, 1],
  landscape: [16, 9],
  portrait: [9, 16],
};

const LONG_SIDES: Record<string, number> = { "1k": 1024, "2k": 2048, "4k": 4096 };
const SHORT_SIDES: Record<string, number> = { "480p": 480, "720p": 720, "1080p": 1080 };

function clampSide(value: number): number {
  return Math.min(MAX_SIDE, Math.max(1, Math.round(value)));
}

/** Parses `W*H` or `WxH` into an explicit size, or returns undefined. */
function parseExplicitSize(value: string): ImageSize | undefined {
  const match = /^\s*(\d+)\s*[*xX×]\s*(\d+)\s*$/.exec(value);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width <= 0 || height <= 0) return undefined;
  return { width: clampSide(width), height: clampSide(height) };
}

/** Parses `W:H` or a named ratio into `[w, h]`; unknown values give 1:1. */
export function parseAspectRatio(aspectRatio: string | undefined): readonly [number, number] {
  const value = (aspectRatio ?? "auto").trim().toLowerCase();
  const named = NAMED_RATIOS[value];
  if (named) return named;
  const match = /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(value);
  if (match) {
    const w = Number(match[1]);
    const h = Number(match[2]);
    if (w > 0 && h > 0) return [w, h];
  }
  const explicit = parseExplicitSize(value);
  if (explicit) return [explicit.width, explicit.height];
  return [1, 1];
}

/**
 * The pixel size for an aspect ratio and a resolution.
 *
 * @example imageSize("16:9", "2K") // { width: 2048, height: 1152 }
 * @example imageSize("1280*720")   // { width: 1280, height: 720 }
 */
export function imageSize(aspectRatio?: string, resolution?: string): ImageSize {
  const explicit = aspectRatio === undefined ? undefined : parseExplicitSize(aspectRatio);
  if (explicit) return explicit;
  const [w, h] = parseAspectRatio(aspectRatio);
  const key = (resolution ?? "").trim().toLowerCase();
  const shortSide = SHORT_SIDES[key];
  if (shortSide !== undefined) {
    const scale = shortSide / Math.min(w, h);
    return { width: clampSide(w * scale), height: clampSide(h * scale) };
  }
  const longSide = LONG_SIDES[key] ?? DEFAULT_LONG_SIDE;
  const scale = longSide / Math.max(w, h);
  return { width: clampSide(w * scale), height: clampSide(h * scale) };
}
