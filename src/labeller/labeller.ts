import { defer, tap, type Observable, type OperatorFunction } from 'rxjs';
import { extractFeatures } from '../features/extractFeatures.js';
import { keepNewest } from '../live/keepNewest.js';
import type { LiveStats } from '../live/LiveStats.js';
import type { Model } from '../recurrent/model.js';
import type { Frame, LabelEvent } from '../types.js';
import { labelFeatures } from './labelFeatures.js';

/** Frames fed to the network together when the source can wait (see RecurrentLabelOptions.batch). */
const BATCH = 4;

export interface LabellerOptions {
  /**
   * Frames that may wait before the oldest is dropped (keep-newest), for a source that cannot wait. Absent: no
   * queue, every frame is labelled and a slow labeller slows the source down (backpressure), and frames go through
   * the network four at a time (the same scores, computed faster, each a few frames later).
   */
  queue?: number;
  /** Counters updated in place (frames, drops, latency), e.g. for a live summary. */
  stats?: LiveStats;
}

/**
 * The labeller: frames → features → recurrent network → label events, one recurrent state per subscription.
 * The only place this chain is composed for frames.
 */
export function labeller(model: Model, opts: LabellerOptions = {}): OperatorFunction<Frame, LabelEvent> {
  const { stats, queue } = opts;
  const network = labelFeatures(model, { batch: queue === undefined ? BATCH : 1 });
  return (frames) =>
    defer((): Observable<LabelEvent> => {
      const counted = stats ? frames.pipe(tap(() => stats.frames++)) : frames;
      const queued = queue !== undefined ? counted.pipe(keepNewest({ capacity: queue, counters: stats?.queue })) : counted;
      if (!stats) return queued.pipe(extractFeatures(model.meta.feature), network);
      // decodedAt of the newest frame that entered the network: its label (or the delayed label it releases) is
      // emitted synchronously while that frame is processed, so emittedAt − this is our own processing time.
      let triggerDecodedAt = 0;
      return queued.pipe(
        tap((frame) => (triggerDecodedAt = frame.decodedAt)),
        extractFeatures(model.meta.feature),
        network,
        tap((ev) => {
          const emittedAt = ev.emittedAt ?? performance.now();
          stats.recordLatency(emittedAt - (ev.decodedAt ?? triggerDecodedAt), emittedAt - triggerDecodedAt);
        }),
      );
    });
}
