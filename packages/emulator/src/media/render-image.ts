/**
 * Renders the image outputs of image models: a real PNG or JPEG at the requested aspect ratio and
 * resolution, painted deterministically from (prompt, seed, index).
 */
import { imageSize } from "./image-size.js";
import { createCanvas } from "./internal/canvas.js";
import { drawCaption } from "./internal/caption.js";
import { encodeJpeg } from "./internal/jpeg-encoder.js";
import { paletteFor } from "./internal/palette.js";
import { encodePng } from "./internal/png-encoder.js";
import { createRandom, mediaSeed } from "./internal/random.js";
import { paintScene } from "./internal/scene.js";

/** What to render: the task's prompt and seed, which output it is, and the requested shape. */
export interface RenderImageOptions {
  /** The task's prompt; it picks the palette and is drawn onto the image. */
  prompt: string;
  /** The emulator or task seed. */
  seed: number;
  /** Which output of the task (0-based); each index is a different picture. */
  index: number;
  /** `W:H`, `auto`, `landscape`, `portrait` or an explicit `W*H` size. @default "auto" (1:1) */
  aspectRatio?: string;
  /** `1k`/`2k`/`4k` (long side 1024/2048/4096) or `480p`/`720p`/`1080p`. @default 1024 long side */
  resolution?: string;
  /** The file format. */
  format: "png" | "jpeg";
}

/** A rendered image file. */
export interface RenderedImage {
  /** The encoded file. */
  bytes: Uint8Array;
  /** `image/png` or `image/jpeg`. */
  contentType: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** JPEG quality: high enough to look clean, low enough to keep 4K files small. */
const JPEG_QUALITY = 85;

/**
 * Renders one image output.
 *
 * @example renderImage({ prompt: "a red fox", seed: 7, index: 0, aspectRatio: "16:9", format: "png" })
 */
export function renderImage(options: RenderImageOptions): RenderedImage {
  const { width, height } = imageSize(options.aspectRatio, options.resolution);
  const canvas = createCanvas(width, height);
  const random = createRandom(mediaSeed(options.prompt, options.seed, options.index));
  const palette = paletteFor(options.prompt);
  paintScene(canvas, palette, random);
  drawCaption(canvas, options.prompt, options.seed, options.index, palette.text);

  if (options.format === "jpeg") {
    const bytes = encodeJpeg(canvas.data, width, height, JPEG_QUALITY);
    return { bytes, contentType: "image/jpeg", width, height };
  }
  const bytes = encodePng(canvas.data, width, height);
  return { bytes, contentType: "image/png", width, height };
}
