/**
 * Deterministic hashing and pseudo-random numbers for the media renderers.
 * Everything a renderer draws comes from these, so equal inputs give equal bytes on every machine.
 */

/** A 32-bit FNV-1a hash of a string (UTF-16 code units), as an unsigned integer. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The seed of one output: mixes prompt, user seed and output index into one 32-bit number. */
export function mediaSeed(prompt: string, seed: number, index: number): number {
  return hashString(`${prompt}\u0000${seed | 0}\u0000${index | 0}`);
}

/** A seeded random source: `next()` in [0, 1), plus a few helpers built on it. */
export interface Random {
  /** The next number in [0, 1). */
  next(): number;
  /** A number in [min, max). */
  range(min: number, max: number): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** A mulberry32 generator: tiny, fast and good enough for pictures and melodies. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    pick: (items) => items[Math.floor(items.length * next())] as (typeof items)[number],
  };
}
