/**
 * The byte sink of the JPEG encoder, with the entropy coder's bit packing.
 */

/** Growable output with a bit writer that stuffs a zero byte after every 0xFF of entropy data. */
export class JpegWriter {
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
