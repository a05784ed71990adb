import type { Readable } from 'node:stream';
import { FlowControl } from '../decode/FlowControl.js';
import { FramewiseError } from '../errors.js';
import type { LabelEvent } from '../types.js';
import { labelVideo, type LabelVideoOptions } from './labelVideo.js';

export interface EventsOptions extends LabelVideoOptions {
  /** Events buffered ahead of the consumer before ffmpeg's output is paused (default 64). */
  highWaterMark?: number;
}

/**
 * `for await (const ev of events('clip.mp4')) { ... }` — label events as an async iterator, with backpressure:
 * when the loop body is slower than labelling, ffmpeg's output pipe is paused (so ffmpeg blocks) until the
 * buffer drains to half. Breaking out of the loop, an error, or `signal` stops ffmpeg.
 */
export async function* events(input: string | Readable, options: EventsOptions = {}): AsyncGenerator<LabelEvent, void, undefined> {
  const highWaterMark = Math.max(1, options.highWaterMark ?? 64);
  const flow = new FlowControl();
  const queue: LabelEvent[] = [];
  let finished = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  const subscription = labelVideo(input, { ...options, flow }).subscribe({
    next(ev) {
      queue.push(ev);
      if (queue.length >= highWaterMark) flow.pause();
      notify();
    },
    error(err: unknown) {
      failure = err ?? new FramewiseError('E_DECODE', 'labelling failed');
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
  });
  try {
    for (;;) {
      // Nothing is handed out once the caller has aborted, not even events already buffered.
      if (options.signal?.aborted) throw failure ?? new FramewiseError('E_ABORTED', 'labelling was aborted');
      const ev = queue.shift();
      if (ev !== undefined) {
        if (queue.length <= highWaterMark / 2) flow.resume();
        yield ev;
        continue;
      }
      if (failure !== null) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    subscription.unsubscribe();
  }
}
