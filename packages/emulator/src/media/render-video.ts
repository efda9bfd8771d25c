/**
 * Serves the video outputs of video models: one of the small H.264 clips made by
 * `assets/make-assets.sh`, embedded as base64 so it loads the same from source, ESM and CJS builds.
 * The clip's orientation follows the requested aspect ratio; its look follows (prompt, seed, index).
 */
import { VIDEO_CLIPS_BASE64 } from "./generated/video-clips.js";
import { parseAspectRatio } from "./image-size.js";
import { mediaSeed } from "./internal/random.js";

/** Which video to return. */
export interface RenderVideoOptions {
  /** The task's prompt. */
  prompt: string;
  /** The emulator or task seed. */
  seed: number;
  /** Which output of the task (0-based). */
  index: number;
  /**
   * `16:9`, `9:16`, `landscape`, `portrait`, `1280*720`...: picks a landscape (320×180),
   * portrait (180×320) or square (240×240) clip. @default landscape
   */
  aspectRatio?: string;
}

/** A video file. */
export interface RenderedVideo {
  /** The MP4 file (a fresh copy the caller may keep or change). */
  bytes: Uint8Array;
  /** Always `video/mp4`. */
  contentType: "video/mp4";
}

/** The clip orientations available, by name. */
export type VideoOrientation = "landscape" | "portrait" | "square";

const LOOKS = ["dawn", "ocean", "aurora"] as const;

const decoded = new Map<string, Uint8Array>();

function clipBytes(name: string): Uint8Array {
  let bytes = decoded.get(name);
  if (!bytes) {
    const base64 = VIDEO_CLIPS_BASE64[name];
    if (base64 === undefined) {
      throw new Error(`Missing video clip "${name}": run packages/emulator/assets/make-assets.sh`);
    }
    bytes = new Uint8Array(Buffer.from(base64, "base64"));
    decoded.set(name, bytes);
  }
  return bytes;
}

/** The orientation of a requested aspect ratio (no ratio means landscape, like most models). */
export function videoOrientation(aspectRatio?: string): VideoOrientation {
  if (aspectRatio === undefined) return "landscape";
  const [w, h] = parseAspectRatio(aspectRatio);
  if (aspectRatio.trim().toLowerCase() === "auto") return "landscape";
  return w > h ? "landscape" : w < h ? "portrait" : "square";
}

/**
 * Returns one video output.
 *
 * @example renderVideo({ prompt: "a cat surfing", seed: 7, index: 0, aspectRatio: "9:16" })
 */
export function renderVideo(options: RenderVideoOptions): RenderedVideo {
  const look = LOOKS[mediaSeed(options.prompt, options.seed, options.index) % LOOKS.length];
  const name = `${videoOrientation(options.aspectRatio)}-${look}`;
  return { bytes: clipBytes(name).slice(), contentType: "video/mp4" };
}
