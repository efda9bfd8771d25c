/** Edit distance between two strings (Levenshtein, with unit costs). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `given`, if it is close enough to be a plausible typo: case, `-`, `_`
 * and spaces are ignored, and the distance must stay within a third
 * of the length (at least 1, at most 3).
 */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  const normalise = (value: string): string => value.toLowerCase().replace(/[-_\s]/g, "");
  const target = normalise(given);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const normalised = normalise(candidate);
    const distance = editDistance(target, normalised);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best || best.candidate === given) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(target.length / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}
