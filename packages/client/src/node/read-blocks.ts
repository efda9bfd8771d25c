/**
 * Reusable memory for a socket's `onread` mode: reads land directly in a few fixed blocks (no
 * buffer allocated per read, no copy), consecutive reads filling a block before the next is taken.
 * A block returns to the free list once every slice of it that was queued has been written, so
 * at most `maxBlocks` blocks ever exist.
 */
export class ReadBlocks {
  readonly #blockSize: number;
  readonly #maxBlocks: number;
  readonly #minRead: number;
  readonly #free: Buffer[] = [];
  /** The blocks, by their memory (what a slice's `buffer` is). */
  readonly #blocks = new Map<ArrayBufferLike, Buffer>();
  /** Queued slices per block. */
  readonly #holds = new Map<ArrayBufferLike, number>();
  #current: Buffer | undefined;
  #offset = 0;
  #spilling = false;

  constructor(blockSize: number, maxBlocks: number, minRead: number) {
    // One block is being read into; a paused reader waits for another to be written and freed.
    if (maxBlocks < 2) throw new RangeError("ReadBlocks needs at least two blocks");
    this.#blockSize = blockSize;
    this.#maxBlocks = maxBlocks;
    this.#minRead = minRead;
  }

  /**
   * The space the next read goes into (`onread.buffer`); never empty. Reads normally stop one byte
   * short of a block's end: that byte is the space handed out while the reader pauses for want of
   * blocks (the socket asks for a buffer even then), so pausing needs no extra block.
   */
  next(): Buffer {
    const current = this.#current;
    if (current && this.#blockSize - this.#offset > this.#minRead) {
      return current.subarray(this.#offset, this.#blockSize - 1);
    }
    if (current && this.exhausted) {
      if (this.#offset < this.#blockSize) return current.subarray(this.#offset);
      // A TLS socket still hands over the records it had decrypted when told to pause: they go to
      // a small spare buffer, left to the garbage collector once written.
      this.#spilling = true;
      return Buffer.allocUnsafe(this.#minRead);
    }
    if (current && !this.#holds.has(current.buffer)) this.#free.push(current);
    const block = this.#free.pop() ?? Buffer.allocUnsafeSlow(this.#blockSize);
    this.#blocks.set(block.buffer, block);
    this.#current = block;
    this.#offset = 0;
    return block.subarray(0, this.#blockSize - 1);
  }

  /** Accounts for `bytes` just read into the space from {@link next}. */
  advance(bytes: number): void {
    if (this.#spilling) this.#spilling = false;
    else this.#offset += bytes;
  }

  /** Whether the next read would need a block beyond the bound: the reader should pause. */
  get exhausted(): boolean {
    return (
      this.#blockSize - this.#offset <= this.#minRead &&
      this.#free.length === 0 &&
      this.#blocks.size >= this.#maxBlocks
    );
  }

  /** `slice` (read into the current block) was queued: keep its block until {@link release}. */
  hold(slice: Buffer): void {
    this.#holds.set(slice.buffer, (this.#holds.get(slice.buffer) ?? 0) + 1);
  }

  /**
   * A held slice is written; its block is reused once nothing holds it. Returns whether a block
   * became free (a reader paused by {@link exhausted} can go on).
   */
  release(slice: Buffer): boolean {
    const holds = this.#holds.get(slice.buffer);
    if (holds === undefined) return false;
    if (holds > 1) {
      this.#holds.set(slice.buffer, holds - 1);
      return false;
    }
    this.#holds.delete(slice.buffer);
    const block = this.#blocks.get(slice.buffer);
    if (!block || block === this.#current) return false; // not a block (a copied head); in use
    this.#free.push(block);
    return true;
  }
}
