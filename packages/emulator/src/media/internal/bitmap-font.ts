/**
 * A tiny built-in 5x7 bitmap font (printable ASCII 0x20–0x7E) for captions on rendered images.
 * The glyph table is the classic public-domain 5x7 LCD font: five column bytes per glyph, bit 0 on top.
 */

/** Glyph width in font pixels (without spacing). */
export const GLYPH_WIDTH = 5;
/** Glyph height in font pixels. */
export const GLYPH_HEIGHT = 7;
/** Horizontal advance per character in font pixels (glyph plus one column of spacing). */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;

const FIRST_CODE = 0x20;
const LAST_CODE = 0x7e;
const GLYPHS = Uint8Array.from(
  "000000000000005f00000007000700147f147f14242a7f2a12231308646236495522500005030000001c2241000041221c0014083e081408083e080800503000000808080808006060000020100804023e5149453e00427f400042615149462141454b311814127f1027454545393c4a49493001710905033649494936064949291e003636000000563600000814224100141414141400412214080201510906324979413e7e1111117e7f494949363e414141227f4141221c7f494949417f090909013e4149497a7f0808087f00417f41002040413f017f081422417f404040407f020c027f7f0408107f3e4141413e7f090909063e4151215e7f09192946464949493101017f01013f4040403f1f2040201f3f4038403f631408146307087008076151494543007f41410002040810200041417f0004020102044040404040000102040020545454787f484444383844444420384444487f3854545418087e0901020c5252523e7f0804047800447d40002040443d007f1028440000417f40007c041804787c0804047838444444387c14141408081414187c7c080404084854545420043f4440203c4040207c1c2040201c3c4030403c44281028440c5050503c4464544c44000836410000007f000000413608001008081008".match(
    /../g,
  ) ?? [],
  (pair) => Number.parseInt(pair, 16),
);

/** Maps any character to a printable one: accents are stripped, the rest becomes "?". */
export function printable(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ")
    .replace(/[^\x20-\x7e]/g, "?");
}

/** Whether font pixel (column, row) of a character is set. */
export function glyphPixel(code: number, column: number, row: number): boolean {
  const glyph = code < FIRST_CODE || code > LAST_CODE ? 0x3f - FIRST_CODE : code - FIRST_CODE;
  const bits = GLYPHS[glyph * GLYPH_WIDTH + column] ?? 0;
  return ((bits >> row) & 1) === 1;
}
