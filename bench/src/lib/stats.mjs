// Small statistics helpers for the bench.
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
export const median = (values) => quantile(values, 0.5);
export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
