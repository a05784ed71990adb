/**
 * Cuts a byte stream of packed frames into frames of exactly `frameSize` bytes.
 * Each byte is copied once, straight from the pipe chunk into its frame's own buffer: frames never share
 * or pin the pipe's (larger) chunk buffers, and no intermediate concatenation happens.
 */
export class FrameSplitter {
  /** [frameSize] the frame being filled, or null between frames. */
  private current: Uint8Array | null = null;
  private filled = 0;

  constructor(readonly frameSize: number) {
    if (!Number.isInteger(frameSize) || frameSize <= 0) throw new RangeError(`bad frame size ${frameSize}`);
  }

  /** Calls `emit` for every frame completed by `chunk`, in order. */
  push(chunk: Uint8Array, emit: (frame: Uint8Array) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      this.current ??= new Uint8Array(this.frameSize);
      const n = Math.min(this.frameSize - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameSize) {
        const frame = this.current;
        this.current = null;
        this.filled = 0;
        emit(frame);
      }
    }
  }

  /** Bytes of an incomplete trailing frame (non-zero at end of stream means a truncated frame). */
  get pending(): number {
    return this.filled;
  }
}
