/**
 * A tiny deterministic synthesiser: a pentatonic or modal melody over a bass line and a light beat.
 * The key and scale come from the prompt; tempo, notes and rhythm from (prompt, seed, index).
 */
import { hashString, type Random } from "./random.js";

/** Intervals (semitones above the root) of the scales a song may use. */
const SCALES: readonly (readonly number[])[] = [
  [0, 2, 4, 7, 9], // major pentatonic
  [0, 3, 5, 7, 10], // minor pentatonic
  [0, 2, 3, 5, 7, 9, 10], // dorian
  [0, 2, 4, 5, 7, 9, 11], // major
];

/** What a song is made of, for tests and for the caller's curiosity. */
export interface SongPlan {
  /** MIDI note of the key's root. */
  root: number;
  /** Beats per minute. */
  tempo: number;
  /** Melody as MIDI notes per eighth note; `null` is a rest. */
  melody: (number | null)[];
}

function frequency(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** Plans a song of `eighths` eighth notes. */
export function planSong(prompt: string, random: Random, eighths: number): SongPlan {
  const hash = hashString(prompt);
  const root = 57 + (hash % 12); // A3..G#4
  const scale = SCALES[(hash >>> 4) % SCALES.length] as readonly number[];
  const tempo = random.int(88, 136);
  const melody: (number | null)[] = [];
  let degree = random.int(0, scale.length - 1);
  for (let n = 0; n < eighths; n++) {
    if (n > 0 && random.next() < 0.18) {
      melody.push(null);
      continue;
    }
    degree = Math.max(-2, Math.min(scale.length * 2 - 1, degree + random.int(-2, 2)));
    const octave = Math.floor(degree / scale.length);
    const step = scale[((degree % scale.length) + scale.length) % scale.length] as number;
    melody.push(root + 12 + octave * 12 + step);
  }
  return { root, tempo, melody };
}

/** Renders a planned song to mono samples in [-1, 1]. */
export function synthesise(plan: SongPlan, sampleRate: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  const eighth = 30 / plan.tempo; // seconds per eighth note
  const noteSamples = Math.round(eighth * sampleRate);
  let noise = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const slot = Math.floor(i / noteSamples);
    const inNote = (i % noteSamples) / sampleRate;
    let value = 0;

    const note = plan.melody[slot % plan.melody.length];
    if (note !== null && note !== undefined) {
      const f = frequency(note);
      // Short attack, exponential decay, and a 10 ms release so that notes end without a click.
      const release = Math.min(1, (eighth - inNote) / 0.01);
      const envelope = Math.min(1, inNote / 0.01, release) * Math.exp(-inNote * 5);
      value +=
        0.32 * envelope * (Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t));
    }

    // Bass: root on the first half of each bar, fifth on the second, as a soft triangle wave.
    const bar = Math.floor(slot / 8);
    const bassNote = plan.root - 12 + (slot % 8 < 4 ? 0 : 7) + (bar % 2 === 1 ? 5 : 0);
    const phase = (frequency(bassNote) * t) % 1;
    // Re-attack only where the bass note changes (every half bar): a restart on every eighth clicks.
    const inBass = (i % (noteSamples * 4)) / sampleRate;
    value += 0.22 * (4 * Math.abs(phase - 0.5) - 1) * Math.min(1, inBass / 0.005);

    // Beat: a kick on beats one and three (pitch-swept sine), a hat on every off-beat (noise).
    const inBeat = (i % (noteSamples * 2)) / sampleRate;
    const beat = Math.floor(slot / 2) % 4;
    if (beat % 2 === 0 && slot % 2 === 0 && inBeat < 0.15) {
      value +=
        0.45 *
        Math.sin(2 * Math.PI * (50 + 90 * Math.exp(-inBeat * 30)) * inBeat) *
        Math.exp(-inBeat * 18);
    }
    if (slot % 2 === 1 && inNote < 0.05) {
      noise = (Math.imul(noise, 1664525) + 1013904223) >>> 0;
      value += 0.06 * (noise / 2147483648 - 1) * Math.exp(-inNote * 90);
    }

    out[i] = Math.tanh(value);
  }
  const fade = Math.round(sampleRate * 0.05);
  for (let i = 0; i < fade && i < out.length; i++) {
    out[i] = (out[i] as number) * (i / fade);
    out[out.length - 1 - i] = (out[out.length - 1 - i] as number) * (i / fade);
  }
  return out;
}
