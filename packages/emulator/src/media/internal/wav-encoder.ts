/**
 * Encodes mono floating-point samples as a RIFF/WAVE file: PCM, 16-bit little-endian.
 */

/** Size of the canonical 44-byte WAV header. */
export const WAV_HEADER_SIZE = 44;

/** Encodes samples in [-1, 1] (values outside are clipped) as a 16-bit mono PCM WAV file. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataSize = samples.length * 2;
  const out = new Uint8Array(WAV_HEADER_SIZE + dataSize);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataSize, true);
  for (let i = 0; i < samples.length; i++) {
    const clipped = Math.max(-1, Math.min(1, samples[i] as number));
    view.setInt16(WAV_HEADER_SIZE + i * 2, Math.round(clipped * 32767), true);
  }
  return out;
}
