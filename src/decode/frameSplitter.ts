/**
 * Cuts a byte stream of packed frames into frames of exactly `frameSize` bytes.
 * Each byte is copied once, straight from the pipe chunk into its frame's own buffer: frames never share
 * or pin the pipe's (larger) chunk buffers, and no intermediate concatenation happens.
 *
 * With `stack` > 1 each write of the stream is `stack` frames stacked top to bottom in one picture (ffmpeg's
 * `tile=1xN`): every plane of the picture holds that plane of each frame in turn, so a frame's bytes are one run
 * per plane, `planes` giving each plane's size in one frame.
 */
export class FrameSplitter {
  /** [stack · frameSize] the write being filled, or null between writes. */
  private current: Uint8Array | null = null;
  private filled = 0;
  private readonly writeSize: number;

  constructor(
    readonly frameSize: number,
    private readonly stack = 1,
    private readonly planes: readonly number[] = [frameSize],
  ) {
    if (!Number.isInteger(frameSize) || frameSize <= 0) throw new RangeError(`bad frame size ${frameSize}`);
    if (!Number.isInteger(stack) || stack < 1) throw new RangeError(`bad stack ${stack}`);
    if (planes.reduce((a, b) => a + b, 0) !== frameSize) throw new RangeError(`planes ${planes.join('+')} are not a frame of ${frameSize} bytes`);
    this.writeSize = frameSize * stack;
  }

  /** Calls `emit` for every frame completed by `chunk`, in order. */
  push(chunk: Uint8Array, emit: (frame: Uint8Array) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      this.current ??= new Uint8Array(this.writeSize);
      const n = Math.min(this.writeSize - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.writeSize) {
        const write = this.current;
        this.current = null;
        this.filled = 0;
        if (this.stack === 1) emit(write);
        else this.unstack(write, emit);
      }
    }
  }

  private unstack(write: Uint8Array, emit: (frame: Uint8Array) => void): void {
    for (let i = 0; i < this.stack; i++) {
      const frame = new Uint8Array(this.frameSize);
      let from = 0;
      let to = 0;
      for (const size of this.planes) {
        frame.set(write.subarray(from + i * size, from + (i + 1) * size), to);
        from += size * this.stack;
        to += size;
      }
      emit(frame);
    }
  }

  /** Bytes of an incomplete trailing write (non-zero at end of stream means a truncated frame). */
  get pending(): number {
    return this.filled;
  }
}
