/**
 * Renders the audio outputs of audio models (suno): a short deterministic tune as a WAV file.
 */

import { planSong, synthesise } from "./internal/melody.js";
import { createRandom, mediaSeed } from "./internal/random.js";
import { encodeWav } from "./internal/wav-encoder.js";

/** What to render. */
export interface RenderAudioOptions {
  /** The task's prompt; it picks the key and scale. */
  prompt: string;
  /** The emulator or task seed. */
  seed: number;
  /** Which output of the task (0-based); each index is a different tune. */
  index: number;
}

/** An audio file. */
export interface RenderedAudio {
  /** The encoded file. */
  bytes: Uint8Array;
  /** `audio/wav`. */
  contentType: string;
  /** File extension without the dot: `wav`. */
  extension: string;
}

/** Content type of rendered audio. */
export const AUDIO_CONTENT_TYPE = "audio/wav";

/** File extension (without the dot) of rendered audio. */
export const AUDIO_EXTENSION = "wav";

/** Sample rate of rendered audio, in Hz. @default 22050 */
export const AUDIO_SAMPLE_RATE = 22_050;

/** Length of rendered audio, in seconds. @default 6 */
export const AUDIO_SECONDS = 6;

/**
 * Renders one audio output: 6 s of 16-bit mono PCM at 22.05 kHz (about 265 KB).
 *
 * @example renderAudio({ prompt: "lofi beat about rain", seed: 7, index: 1 })
 */
export function renderAudio(options: RenderAudioOptions): RenderedAudio {
  const random = createRandom(mediaSeed(options.prompt, options.seed, options.index));
  const plan = planSong(options.prompt, random, 64);
  const samples = synthesise(plan, AUDIO_SAMPLE_RATE, AUDIO_SECONDS);
  return {
    bytes: encodeWav(samples, AUDIO_SAMPLE_RATE),
    contentType: AUDIO_CONTENT_TYPE,
    extension: AUDIO_EXTENSION,
  };
}
