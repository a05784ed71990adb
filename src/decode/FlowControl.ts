/**
 * Lossless backpressure for decodeFrames: while paused, the decoder stops reading ffmpeg's output, the pipe
 * fills and ffmpeg blocks — so a slow consumer of a file costs no memory and loses no frame.
 * (Live sources use a drop policy instead, see live/keepNewest.ts: a camera cannot be paused.)
 */
export class FlowControl {
  private paused = false;
  private waiting: Array<() => void> = [];

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((go) => go());
  }

  /** Runs `go` now when flowing, else on the next resume(). */
  whenFlowing(go: () => void): void {
    if (this.paused) this.waiting.push(go);
    else go();
  }
}
