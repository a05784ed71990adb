/**
 * Cuts a byte stream of packed frames into frames of exactly `frameSize` bytes.
 * Each byte is copied once, straight from the pipe chunk into its frame's own buffer: frames never share
 * or pin the pipe's (larger) chunk buffers, and no intermediate concatenation happens.
 *
 * With `stack` > 1 each write of the stream is `stack` frames stacked top to bottom in one picture (ffmpeg's
 * `tile=1xN`): every plane of the picture holds that plane of each frame in turn, so a write is `stack` runs per
 * plane, each going to one frame (`planes`: each plane's size in one frame). The frames of a write are complete
 * only once the write is.
 */
export class FrameSplitter {
  /** Per run of a write: the frame it belongs to, where it goes in that frame, its length and where it starts in the write. */
  private readonly runs: { frame: number; at: number; bytes: number; from: number }[] = [];
  /** [stack] the frames of the write being filled, or null between writes. */
  private frames: Uint8Array[] | null = null;
  private run = 0;
  /** Bytes of the current run already filled. */
  private filled = 0;

  constructor(
    readonly frameSize: number,
    private readonly stack = 1,
    planes: readonly number[] = [frameSize],
  ) {
    if (!Number.isInteger(frameSize) || frameSize <= 0) throw new RangeError(`bad frame size ${frameSize}`);
    if (!Number.isInteger(stack) || stack < 1) throw new RangeError(`bad stack ${stack}`);
    if (planes.reduce((a, b) => a + b, 0) !== frameSize) throw new RangeError(`planes ${planes.join('+')} are not a frame of ${frameSize} bytes`);
    let at = 0;
    for (const bytes of stack === 1 ? [frameSize] : planes) {
      for (let frame = 0; frame < stack; frame++) this.runs.push({ frame, at, bytes, from: at * stack + frame * bytes });
      at += bytes;
    }
  }

  /** Calls `emit` for every frame completed by `chunk`, in order. */
  push(chunk: Uint8Array, emit: (frame: Uint8Array) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      this.frames ??= Array.from({ length: this.stack }, () => new Uint8Array(this.frameSize));
      const run = this.runs[this.run];
      const n = Math.min(run.bytes - this.filled, chunk.length - offset);
      this.frames[run.frame].set(chunk.subarray(offset, offset + n), run.at + this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === run.bytes) {
        this.filled = 0;
        if (++this.run === this.runs.length) {
          const frames = this.frames;
          this.frames = null;
          this.run = 0;
          for (const f of frames) emit(f);
        }
      }
    }
  }

  /** Bytes of an incomplete trailing write (non-zero at end of stream means a truncated frame). */
  get pending(): number {
    return this.runs[this.run].from + this.filled;
  }
}
