import { describe, expect, it } from "vitest";
import { ReadBlocks } from "../../src/node/read-blocks.js";

describe("ReadBlocks", () => {
  it("fills a block read after read, then reuses blocks once their slices are written", () => {
    const blocks = new ReadBlocks(100, 2, 10);
    const first = blocks.next();
    expect(first.length).toBe(99); // the last byte is kept for a pause
    blocks.advance(40);
    const slice = first.subarray(0, 40);
    blocks.hold(slice);
    const second = blocks.next();
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(59);
    blocks.advance(59); // 1 byte left: the next read takes another block
    const other = blocks.next();
    expect(other.buffer).not.toBe(first.buffer);
    expect(blocks.release(slice)).toBe(true);
    blocks.advance(95);
    blocks.hold(other.subarray(0, 95));
    expect(blocks.next().buffer).toBe(first.buffer);
  });

  it("never holds more than its blocks, and hands out the kept byte while paused", () => {
    const blocks = new ReadBlocks(64, 3, 8);
    const memories = new Set<ArrayBufferLike>();
    const queued: Buffer[] = [];
    let pauses = 0;
    // A reader whose disk is slow: each read fills the space; a write frees one slice per pause.
    for (let read = 0; read < 200; read++) {
      const space = blocks.next();
      expect(space.length).toBeGreaterThan(0);
      memories.add(space.buffer);
      blocks.advance(space.length);
      const slice = space.subarray(0, space.length);
      blocks.hold(slice);
      queued.push(slice);
      if (blocks.exhausted) {
        pauses++;
        while (!blocks.release(queued.shift() as Buffer)) {}
      }
    }
    expect(memories.size).toBe(3);
    expect(pauses).toBeGreaterThan(10);
  });

  it("takes what a pausing TLS socket still delivers in a spare buffer, not a new block", () => {
    const blocks = new ReadBlocks(64, 2, 8);
    const memories = new Set<ArrayBufferLike>();
    for (let read = 0; read < 2; read++) {
      const space = blocks.next();
      memories.add(space.buffer);
      blocks.advance(space.length);
      blocks.hold(space);
    }
    expect(blocks.exhausted).toBe(true);
    const kept = blocks.next(); // the kept byte
    expect(kept.length).toBe(1);
    blocks.advance(1);
    const spill = blocks.next();
    expect(memories.has(spill.buffer)).toBe(false);
    blocks.advance(spill.length);
    blocks.hold(spill);
    expect(blocks.release(spill)).toBe(false);
    expect(blocks.next().length).toBeGreaterThan(0); // still paused: another spare
  });

  it("ignores slices that are not from its blocks", () => {
    const blocks = new ReadBlocks(64, 2, 8);
    const copy = Buffer.from("head rest");
    blocks.hold(copy);
    expect(blocks.release(copy)).toBe(false);
  });

  it("needs two blocks at least", () => {
    expect(() => new ReadBlocks(64, 1, 8)).toThrow(RangeError);
  });
});
