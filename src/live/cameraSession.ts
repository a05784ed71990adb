import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Frame, LabelEvent } from '../types.js';
import { LiveStats } from './LiveStats.js';

/** Why a browser frame was refused; the server maps it to a WebSocket close code. */
export class FrameFormatError extends Error {}

/**
 * Labels one browser camera's frames: the run itself is composed by pipelines/ (a frames source through the one
 * labeller, with its own recurrent state and keep-newest queue) and handed to the live server as this function.
 */
export type CameraLabeller = (frames: Observable<Frame>, stats: LiveStats) => Observable<LabelEvent>;

/**
 * One browser camera's session: turns raw WebSocket messages into frames and feeds them to its own run. Pure of
 * sockets: the server feeds it raw messages and forwards what it emits, so it can be tested without a network.
 */
export class CameraSession {
  readonly stats = new LiveStats();
  private readonly frames = new Subject<Frame>();
  private readonly subscription: Subscription;
  private nextIndex = 0;
  /** The newest frame message not yet handed to the run, its number on this connection, and when it arrived. */
  private pending: { message: Uint8Array; index: number; at: number } | null = null;
  private readonly startedAt = performance.now();

  constructor(
    private readonly width: number,
    private readonly height: number,
    label: CameraLabeller,
    onEvent: (ev: LabelEvent) => void,
    onError: (err: unknown) => void,
  ) {
    this.subscription = label(this.frames.asObservable(), this.stats).subscribe({ next: onEvent, error: onError });
  }

  /** Byte lengths a frame message may have: RGBA (canvas getImageData) or packed RGB, at analysis size. */
  get acceptedSizes(): { rgba: number; rgb: number } {
    return { rgba: this.width * this.height * 4, rgb: this.width * this.height * 3 };
  }

  /**
   * Takes one binary message; throws FrameFormatError if it is not exactly one RGBA or RGB frame. The frame waits
   * here until the server's scheduler lets it into the labeller ({@link release}); a newer message replaces a
   * waiting one (counted as a drop), so a client sending faster than its share costs no labelling work.
   */
  push(message: Uint8Array): void {
    const { rgba, rgb } = this.acceptedSizes;
    if (message.byteLength !== rgba && message.byteLength !== rgb) {
      throw new FrameFormatError(
        `frame must be ${rgba} bytes (RGBA ${this.width}x${this.height}) or ${rgb} bytes (RGB), got ${message.byteLength}`,
      );
    }
    if (this.pending !== null) this.stats.queue.dropped++;
    this.pending = { message, index: this.nextIndex++, at: performance.now() };
  }

  /** True when a frame waits for its turn. */
  get hasPending(): boolean {
    return this.pending !== null;
  }

  /** Hands the waiting frame (if any) to this session's run. */
  release(): void {
    const waiting = this.pending;
    if (waiting === null) return;
    this.pending = null;
    const { message, index, at } = waiting;
    const n = this.width * this.height;
    let data: Uint8Array;
    if (message.byteLength === n * 4) {
      data = new Uint8Array(n * 3);
      for (let i = 0, j = 0; i < n; i++, j += 4) {
        data[i * 3] = message[j];
        data[i * 3 + 1] = message[j + 1];
        data[i * 3 + 2] = message[j + 2];
      }
    } else {
      data = new Uint8Array(message); // a copy: the frame must own its bytes
    }
    this.frames.next({
      index,
      time: (at - this.startedAt) / 1000,
      width: this.width,
      height: this.height,
      format: 'rgb24',
      data,
      // Its latency counts from arrival, so time spent waiting for its turn shows.
      decodedAt: at,
    });
  }

  close(): void {
    this.pending = null;
    this.frames.complete();
    this.subscription.unsubscribe();
  }
}
