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

  /** Takes one binary message; throws FrameFormatError if it is not exactly one RGBA or RGB frame. */
  push(message: Uint8Array): void {
    const { rgba, rgb } = this.acceptedSizes;
    let data: Uint8Array;
    if (message.byteLength === rgba) {
      const n = this.width * this.height;
      data = new Uint8Array(n * 3);
      for (let i = 0, j = 0; i < n; i++, j += 4) {
        data[i * 3] = message[j];
        data[i * 3 + 1] = message[j + 1];
        data[i * 3 + 2] = message[j + 2];
      }
    } else if (message.byteLength === rgb) {
      data = new Uint8Array(message); // a copy: the frame must own its bytes
    } else {
      throw new FrameFormatError(
        `frame must be ${rgba} bytes (RGBA ${this.width}x${this.height}) or ${rgb} bytes (RGB), got ${message.byteLength}`,
      );
    }
    const now = performance.now();
    this.frames.next({
      index: this.nextIndex++,
      time: (now - this.startedAt) / 1000,
      width: this.width,
      height: this.height,
      format: 'rgb24',
      data,
      decodedAt: now,
    });
  }

  close(): void {
    this.frames.complete();
    this.subscription.unsubscribe();
  }
}
