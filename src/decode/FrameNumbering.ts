/**
 * FrameNumbering: gives decoded frames their numbers in the source.
 *
 * A constant-frame-rate input has one frame per 1/fps: frame k is shown at first + k/fps. When ffmpeg drops frames it
 * cannot decode (a corrupted stretch), counting in decode order would number every later frame too low, so each
 * frame is numbered from its time instead, `first number + round((time − first time) × fps)`, and never backwards
 * nor twice. Near a damaged stretch the decoder may hand out a neighbour's timestamp (with B-frames a frame can take
 * the pts of a packet that failed), so two frames can claim one number; the second would push every later frame one
 * ahead for good. With `lookahead`, a frame is held until a later frame's expected number passes its own, and a run
 * of frames that share or undercut numbers is placed just below the frame that follows it. Held frames are at most
 * MAX_HELD (then released as they are).
 *
 * A variable-frame-rate input (or an unknown rate) is numbered in decode order: it has no grid of frame times, so
 * time × its average rate would leave gaps and collisions between frames that are all there.
 */

/** A frame waiting for its number, with the number its time implies. */
interface Held<T> {
  item: T;
  expected: number;
}

const MAX_HELD = 16;

export interface FrameNumberingOptions {
  /** Number of the first frame (0, or round(first time × fps) after a seek). */
  first: (firstTime: number) => number;
  /** Frames per second when the input is constant-rate; null numbers in decode order. */
  fps: number | null;
  /** Hold frames while their timestamps collide (a file); false numbers each at once (a live source cannot wait). */
  lookahead: boolean;
}

export class FrameNumbering<T> {
  private firstTime: number | null = null;
  private firstNumber = 0;
  private last = -1;
  private readonly held: Held<T>[] = [];

  constructor(
    private readonly opts: FrameNumberingOptions,
    private readonly emit: (item: T, index: number) => void,
  ) {}

  /** Adds the next frame in decode order; emits the frames whose numbers are now known. */
  push(item: T, time: number): void {
    if (this.firstTime === null) {
      this.firstTime = time;
      this.firstNumber = this.opts.first(time);
      this.last = this.firstNumber - 1;
    }
    const fps = this.opts.fps;
    if (fps === null || !(fps > 0)) {
      this.emit(item, ++this.last);
      return;
    }
    const expected = this.firstNumber + Math.round((time - this.firstTime) * fps);
    if (!this.opts.lookahead) {
      this.last = Math.max(this.last + 1, expected);
      this.emit(item, this.last);
      return;
    }
    const top = this.held.length > 0 ? this.held[this.held.length - 1].expected : -Infinity;
    if (expected > top) this.release(expected);
    else if (this.held.length >= MAX_HELD) this.release(Infinity);
    this.held.push({ item, expected });
  }

  /** Emits every held frame (the input has ended). */
  flush(): void {
    this.release(Infinity);
  }

  /** Numbers the held frames below `next` (the next frame's expected number) where they fit, in order. */
  private release(next: number): void {
    const m = this.held.length;
    for (let i = 0; i < m; i++) {
      const h = this.held[i];
      this.last = Math.max(this.last + 1, Math.min(h.expected, next - (m - i)));
      this.emit(h.item, this.last);
    }
    this.held.length = 0;
  }
}
