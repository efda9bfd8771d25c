/**
 * A compact baseline JPEG encoder (JFIF, YCbCr 4:2:0, standard Huffman tables) for opaque RGBA
 * rasters. jpeg-js encodes 4:4:4 and takes ~200 ms for a 1024² image here; subsampled chroma and a
 * DCT that skips constant rows and all-zero columns (common in flat, gradient-heavy scenes) make
 * this one several times faster.
 */
import {
  HUFFMAN,
  type HuffmanCodes,
  type HuffmanSpec,
  huffmanCodes,
  quantTable,
  ZIGZAG_POSITION,
} from "./jpeg-tables.js";

/** AAN DCT scale factors (the float DCT leaves each output scaled by these). */
const AAN_SCALE = [
  1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379,
];

/** Reciprocal divisors per natural index: quantisation folded together with the AAN scaling. */
function divisors(table: Uint8Array): Float64Array {
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
function dct8(d: Float64Array, offset: number, stride: number): void {
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

/** Growable output with a bit writer that stuffs a zero byte after every 0xFF of entropy data. */
class JpegWriter {
  bytes: Uint8Array;
  length = 0;
  private bits = 0;
  private count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(1024, capacity));
  }

  byte(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value;
  }

  word(value: number): void {
    this.byte((value >> 8) & 0xff);
    this.byte(value & 0xff);
  }

  /** Appends the low `size` bits of `value` (size ≤ 16). */
  put(value: number, size: number): void {
    this.bits = (this.bits << size) | (value & ((1 << size) - 1));
    this.count += size;
    while (this.count >= 8) {
      this.count -= 8;
      const out = (this.bits >>> this.count) & 0xff;
      this.byte(out);
      if (out === 0xff) this.byte(0);
    }
    this.bits &= (1 << this.count) - 1;
  }

  /** Pads the last byte with 1-bits, as T.81 asks before a marker. */
  flush(): void {
    if (this.count > 0) this.put(0x7f, 8 - this.count);
  }
}

interface Component {
  divisors: Float64Array;
  dc: HuffmanCodes;
  ac: HuffmanCodes;
  previousDc: number;
}

const coefficients = new Int32Array(64);

/** Transforms, quantises and entropy-codes one 8×8 block (level-shifted samples, natural order). */
function encodeBlock(writer: JpegWriter, block: Float64Array, component: Component): void {
  for (let row = 0; row < 64; row += 8) dct8(block, row, 1);
  for (let col = 0; col < 8; col++) dct8(block, col, 8);
  for (let i = 0; i < 64; i++) {
    const value = (block[i] as number) * (component.divisors[i] as number);
    coefficients[ZIGZAG_POSITION[i] as number] = value > 0 ? (value + 0.5) | 0 : (value - 0.5) | 0;
  }
  const { dc, ac } = component;
  const diff = (coefficients[0] as number) - component.previousDc;
  component.previousDc = coefficients[0] as number;
  writeValue(writer, dc, 0, diff);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const value = coefficients[k] as number;
    if (value === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      writer.put(ac.code[0xf0] as number, ac.length[0xf0] as number);
      run -= 16;
    }
    writeValue(writer, ac, run, value);
    run = 0;
  }
  if (run > 0) writer.put(ac.code[0] as number, ac.length[0] as number);
}

/** Writes the symbol (run, size category) and then the value's bits. */
function writeValue(writer: JpegWriter, codes: HuffmanCodes, run: number, value: number): void {
  const magnitude = value < 0 ? -value : value;
  const size = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
  const symbol = (run << 4) | size;
  writer.put(codes.code[symbol] as number, codes.length[symbol] as number);
  if (size > 0) writer.put(value < 0 ? value + (1 << size) - 1 : value, size);
}

function writeHeaders(
  writer: JpegWriter,
  width: number,
  height: number,
  luma: Uint8Array,
  chroma: Uint8Array,
) {
  writer.word(0xffd8); // SOI
  writer.word(0xffe0); // APP0 JFIF 1.1, no density, no thumbnail
  writer.word(16);
  for (const b of [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]) writer.byte(b);
  writer.word(0xffdb); // DQT: two 8-bit tables, in zigzag order
  writer.word(2 + 2 * 65);
  for (const [id, table] of [
    [0, luma],
    [1, chroma],
  ] as const) {
    writer.byte(id);
    const zigzag = new Uint8Array(64);
    for (let i = 0; i < 64; i++) zigzag[ZIGZAG_POSITION[i] as number] = table[i] as number;
    for (const value of zigzag) writer.byte(value);
  }
  writer.word(0xffc0); // SOF0: 8-bit, three components, Y sampled 2×2, Cb and Cr 1×1
  writer.word(17);
  writer.byte(8);
  writer.word(height);
  writer.word(width);
  writer.byte(3);
  for (const [id, sampling, table] of [
    [1, 0x22, 0],
    [2, 0x11, 1],
    [3, 0x11, 1],
  ]) {
    writer.byte(id as number);
    writer.byte(sampling as number);
    writer.byte(table as number);
  }
  const tables: [number, HuffmanSpec][] = [
    [0x00, HUFFMAN.dcLuminance],
    [0x10, HUFFMAN.acLuminance],
    [0x01, HUFFMAN.dcChrominance],
    [0x11, HUFFMAN.acChrominance],
  ];
  writer.word(0xffc4); // DHT
  writer.word(2 + tables.reduce((sum, [, spec]) => sum + 17 + spec.symbols.length, 0));
  for (const [id, spec] of tables) {
    writer.byte(id);
    for (const count of spec.counts) writer.byte(count);
    for (const symbol of spec.symbols) writer.byte(symbol);
  }
  writer.word(0xffda); // SOS
  writer.word(12);
  writer.byte(3);
  for (const [id, tables] of [
    [1, 0x00],
    [2, 0x11],
    [3, 0x11],
  ]) {
    writer.byte(id as number);
    writer.byte(tables as number);
  }
  writer.byte(0);
  writer.byte(63);
  writer.byte(0);
}

/** Encodes an opaque RGBA raster (alpha is ignored) as a baseline JPEG at a quality of 1–100. */
export function encodeJpeg(
  rgba: Uint8Array,
  width: number,
  height: number,
  quality: number,
): Uint8Array {
  const lumaTable = quantTable(false, quality);
  const chromaTable = quantTable(true, quality);
  const y: Component = {
    divisors: divisors(lumaTable),
    dc: huffmanCodes(HUFFMAN.dcLuminance),
    ac: huffmanCodes(HUFFMAN.acLuminance),
    previousDc: 0,
  };
  const chromaDc = huffmanCodes(HUFFMAN.dcChrominance);
  const chromaAc = huffmanCodes(HUFFMAN.acChrominance);
  const cb: Component = {
    divisors: divisors(chromaTable),
    dc: chromaDc,
    ac: chromaAc,
    previousDc: 0,
  };
  const cr: Component = { divisors: cb.divisors, dc: chromaDc, ac: chromaAc, previousDc: 0 };
  const writer = new JpegWriter((width * height) >> 3);
  writeHeaders(writer, width, height, lumaTable, chromaTable);

  const luma = [
    new Float64Array(64),
    new Float64Array(64),
    new Float64Array(64),
    new Float64Array(64),
  ];
  const blue = new Float64Array(64);
  const red = new Float64Array(64);
  for (let mcuY = 0; mcuY < height; mcuY += 16) {
    for (let mcuX = 0; mcuX < width; mcuX += 16) {
      blue.fill(0);
      red.fill(0);
      for (let dy = 0; dy < 16; dy++) {
        // Edge MCUs repeat the last row and column of the image.
        const rowStart = Math.min(mcuY + dy, height - 1) * width;
        const lumaRow = (dy & 7) * 8;
        const chromaRow = (dy >> 1) * 8;
        for (let dx = 0; dx < 16; dx++) {
          const i = (rowStart + Math.min(mcuX + dx, width - 1)) * 4;
          const r = rgba[i] as number;
          const g = rgba[i + 1] as number;
          const b = rgba[i + 2] as number;
          const block = luma[((dy >> 3) << 1) | (dx >> 3)] as Float64Array;
          block[lumaRow + (dx & 7)] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          const c = chromaRow + (dx >> 1);
          blue[c] = (blue[c] as number) + 0.25 * (-0.168736 * r - 0.331264 * g + 0.5 * b);
          red[c] = (red[c] as number) + 0.25 * (0.5 * r - 0.418688 * g - 0.081312 * b);
        }
      }
      for (const block of luma) encodeBlock(writer, block, y);
      encodeBlock(writer, blue, cb);
      encodeBlock(writer, red, cr);
    }
  }
  writer.flush();
  writer.word(0xffd9); // EOI
  return writer.bytes.slice(0, writer.length);
}
