import { describe, expect, it } from "vitest";
import {
  AUDIO_CONTENT_TYPE,
  AUDIO_EXTENSION,
  AUDIO_SAMPLE_RATE,
  AUDIO_SECONDS,
  renderAudio,
} from "../../src/media/index.js";

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

describe("renderAudio", () => {
  it("renders a valid 16-bit PCM mono WAV file", () => {
    const audio = renderAudio({ prompt: "lofi beat about rain", seed: 7, index: 0 });
    expect(audio.contentType).toBe("audio/wav");
    expect(audio.contentType).toBe(AUDIO_CONTENT_TYPE);
    expect(audio.extension).toBe(AUDIO_EXTENSION);
    expect(audio.extension).toBe("wav");
    const bytes = audio.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(ascii(bytes, 0, 4)).toBe("RIFF");
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect(ascii(bytes, 8, 16)).toBe("WAVEfmt ");
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(AUDIO_SAMPLE_RATE);
    expect(view.getUint16(34, true)).toBe(16);
    expect(ascii(bytes, 36, 40)).toBe("data");
    const dataSize = view.getUint32(40, true);
    expect(dataSize).toBe(bytes.length - 44);
    expect(dataSize / 2 / AUDIO_SAMPLE_RATE).toBeCloseTo(AUDIO_SECONDS, 3);
  });

  it("contains sound, not silence, and never clips hard", () => {
    const { bytes } = renderAudio({ prompt: "a song", seed: 1, index: 0 });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let sumSquares = 0;
    let peak = 0;
    const count = (bytes.length - 44) / 2;
    for (let i = 0; i < count; i++) {
      const sample = view.getInt16(44 + i * 2, true) / 32768;
      sumSquares += sample * sample;
      peak = Math.max(peak, Math.abs(sample));
    }
    const rms = Math.sqrt(sumSquares / count);
    expect(rms).toBeGreaterThan(0.05);
    expect(peak).toBeLessThan(1);
  });

  it("is deterministic and different for other prompts, seeds and indexes", () => {
    const render = (prompt: string, seed: number, index: number) =>
      Buffer.from(renderAudio({ prompt, seed, index }).bytes);
    const first = render("a song", 1, 0);
    expect(render("a song", 1, 0).equals(first)).toBe(true);
    expect(render("another song", 1, 0).equals(first)).toBe(false);
    expect(render("a song", 2, 0).equals(first)).toBe(false);
    expect(render("a song", 1, 1).equals(first)).toBe(false);
  });
});
