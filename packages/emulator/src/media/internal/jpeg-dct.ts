/**
 * The forward DCT of the JPEG encoder: the AAN (Arai–Agui–Nakajima) float algorithm of IJG's
 * jfdctflt.c, with the output scaling folded into the quantisation divisors.
 */

/** AAN DCT scale factors (the float DCT leaves each output scaled by these). */
const AAN_SCALE = [
  1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379,
];

/** Reciprocal divisors per natural index: quantisation folded together with the AAN scaling. */
export function divisors(table: Uint8Array): Float64Array {
  const out = new Float64Array(64);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      const i = row * 8 + col;
      out[i] =
        1 / ((table[i] as number) * (AAN_SCALE[row] as number) * (AAN_SCALE[col] as number) * 8);
    }
  }
  return out;
}

/** One 1-D AAN forward DCT over 8 values at `offset`, `stride` apart, in place. */
export function dct8(d: Float64Array, offset: number, stride: number): void {
  const o0 = offset;
  const o1 = o0 + stride;
  const o2 = o1 + stride;
  const o3 = o2 + stride;
  const o4 = o3 + stride;
  const o5 = o4 + stride;
  const o6 = o5 + stride;
  const o7 = o6 + stride;
  const d0 = d[o0] as number;
  const d7 = d[o7] as number;
  const d1 = d[o1] as number;
  const d6 = d[o6] as number;
  const d2 = d[o2] as number;
  const d5 = d[o5] as number;
  const d3 = d[o3] as number;
  const d4 = d[o4] as number;
  if (d0 === d1 && d0 === d2 && d0 === d3 && d0 === d4 && d0 === d5 && d0 === d6 && d0 === d7) {
    // A constant line: only the DC term is non-zero (the common case in flat areas).
    d[o0] = d0 * 8;
    d[o1] = d[o2] = d[o3] = d[o4] = d[o5] = d[o6] = d[o7] = 0;
    return;
  }
  const tmp0 = d0 + d7;
  const tmp7 = d0 - d7;
  const tmp1 = d1 + d6;
  const tmp6 = d1 - d6;
  const tmp2 = d2 + d5;
  const tmp5 = d2 - d5;
  const tmp3 = d3 + d4;
  const tmp4 = d3 - d4;
  const tmp10 = tmp0 + tmp3;
  const tmp13 = tmp0 - tmp3;
  const tmp11 = tmp1 + tmp2;
  const tmp12 = tmp1 - tmp2;
  d[o0] = tmp10 + tmp11;
  d[o4] = tmp10 - tmp11;
  const z1 = (tmp12 + tmp13) * Math.SQRT1_2;
  d[o2] = tmp13 + z1;
  d[o6] = tmp13 - z1;
  const odd10 = tmp4 + tmp5;
  const odd11 = tmp5 + tmp6;
  const odd12 = tmp6 + tmp7;
  const z5 = (odd10 - odd12) * 0.382683433;
  const z2 = 0.5411961 * odd10 + z5;
  const z4 = 1.306562965 * odd12 + z5;
  const z3 = odd11 * Math.SQRT1_2;
  const z11 = tmp7 + z3;
  const z13 = tmp7 - z3;
  d[o5] = z13 + z2;
  d[o3] = z13 - z2;
  d[o1] = z11 + z4;
  d[o7] = z11 - z4;
}
