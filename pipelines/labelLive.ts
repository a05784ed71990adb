/**
 * Label a live source frame by frame, in real time: labelStream with a live source and counters.
 *
 * Drops and the recurrent state: a source that cannot wait (a camera, a network stream, a file read with --re)
 * goes through a keep-newest queue; a dropped frame is simply never seen by the network and its state is never
 * reset. The next frame is fed as if it directly followed the last one processed, so right after a drop the
 * difference features span a longer gap (more apparent motion, and a drop during a gradual transition shortens
 * it); the state recovers within a few frames. Dropped frames get no label event, so `frame` indices in the output
 * skip them. A file or a pipe is never dropped from: it waits for the labeller.
 */
import type { Observable } from 'rxjs';
import { LiveStats } from '../src/live/LiveStats.js';
import type { Model } from '../src/recurrent/model.js';
import type { LabelSink } from '../src/sinks/LabelSink.js';
import { liveSource, type LiveSource } from '../src/source/liveSource.js';
import { isSource, type Source } from '../src/source/Source.js';
import type { LabelEvent } from '../src/types.js';
import { DEFAULT_LIVE_QUEUE, labelStream } from './labelStream.js';

export { DEFAULT_LIVE_QUEUE };
export type { LiveSource };

export interface LabelLiveOptions {
  model: Model;
  /** Frames that may wait between decoder and network before the oldest is dropped (default 8). */
  queue?: number;
  /** Counters updated in place while the run goes (frames, drops, latency); a fresh one if omitted. */
  stats?: LiveStats;
  signal?: AbortSignal;
  sinks?: readonly LabelSink[];
}

export function labelLive(source: LiveSource | Source, opts: LabelLiveOptions): Observable<LabelEvent> {
  return labelStream({
    source: isSource(source) ? source : liveSource(source),
    model: opts.model,
    queue: opts.queue,
    stats: opts.stats ?? new LiveStats(),
    signal: opts.signal,
    sinks: opts.sinks,
  });
}
