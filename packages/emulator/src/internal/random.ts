/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that a given
 * `seed` replays the same task durations, failures, ids and faults.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** `true` with probability `p`. Never draws when `p <= 0`, so unused faults keep the sequence stable. */
  chance(p: number): boolean;
  /** 32 lowercase hex characters, like the real API's task ids. */
  hex32(): string;
}

/** Hashes a string into a 32-bit integer (FNV-1a). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitmix32(state: number): () => number {
  let value = state >>> 0;
  return () => {
    value = (value + 0x9e3779b9) >>> 0;
    let z = value;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator; the same `seed` and `stream` name always give the same sequence. */
export function createRandom(seed: number, stream = ""): Random {
  const init = splitmix32((seed ^ hashString(stream)) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let warmUp = 0; warmUp < 12; warmUp++) nextUint32();
  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && next() < p,
    hex32: () => {
      let out = "";
      for (let part = 0; part < 4; part++) out += nextUint32().toString(16).padStart(8, "0");
      return out;
    },
  };
}
