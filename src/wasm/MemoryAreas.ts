/**
 * Lays out areas one after another in a block of memory, each 16-byte aligned, with `slack` bytes kept free before
 * and after it (room for the vector loads of a SIMD loop that read a little past either end). `end` is the bytes
 * used so far.
 */
export class MemoryAreas {
  constructor(public end = 0) {}

  /** The offset of a new area of `bytes`. */
  take(bytes: number, slack = 0): number {
    const at = this.end + slack;
    this.end = (at + bytes + slack + 15) & ~15;
    return at;
  }
}
