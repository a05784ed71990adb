/**
 * The one composition of a run: Source → Labeller → Sinks (docs/architecture.md).
 *
 *   source.frames (decode at the model's analysis size)
 *     ──► labeller (features → recurrent → labels; keep-newest queue only for a source that cannot wait)
 *     ──► stopOnAbort (nothing is emitted after the signal fires), requireFrames (no frame at all is an error)
 *     ──► writeTo(sink) for each sink (each closed, and told whether the run completed, however it ends)
 *
 * Every caller — label, report, demo, live, the browser camera, the library API — builds a source, a model and a
 * list of sinks and calls this (directly or through runLabelling).
 */
import { defer, type Observable } from 'rxjs';
import type { FlowControl } from '../src/decode/FlowControl.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { labeller } from '../src/labeller/labeller.js';
import type { LiveStats } from '../src/live/LiveStats.js';
import { stopOnAbort } from '../src/process/stopOnAbort.js';
import type { Model } from '../src/recurrent/model.js';
import type { LabelSink } from '../src/sinks/LabelSink.js';
import { writeTo } from '../src/sinks/writeTo.js';
import { requireFrames } from '../src/source/requireFrames.js';
import type { Source } from '../src/source/Source.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';

/** Frames that may wait for the labeller before the oldest is dropped, for a source that cannot wait. */
export const DEFAULT_LIVE_QUEUE = 8;

export interface LabelRun {
  source: Source;
  model: Model;
  /** Written in frame order and closed when the run ends. */
  sinks?: readonly LabelSink[];
  /** Keep-newest queue length for a live source (default DEFAULT_LIVE_QUEUE); ignored for a source that can wait. */
  queue?: number;
  /** Counters updated in place (frames, drops, latency). */
  stats?: LiveStats;
  /** Aborting ends the run at once with an E_ABORTED error and stops ffmpeg. */
  signal?: AbortSignal;
  /** Lossless backpressure for an asynchronous consumer (ignored for a live source, which cannot wait). */
  flow?: FlowControl;
  /** Called once with the input's description, when the source learns it. */
  onInfo?: (info: VideoInfo) => void;
}

export function labelStream(run: LabelRun): Observable<LabelEvent> {
  const { source, model, signal } = run;
  return defer(() => {
    let events = source
      .frames({
        width: model.meta.feature.width,
        height: model.meta.feature.height,
        pixelFormat: FEATURE_PIXEL_FORMAT,
        signal,
        flow: source.live ? undefined : run.flow,
        onInfo: run.onInfo,
      })
      .pipe(
        labeller(model, { stats: run.stats, queue: source.live ? (run.queue ?? DEFAULT_LIVE_QUEUE) : undefined }),
        stopOnAbort(signal, `labelling ${source.name}`),
        requireFrames(source.name),
      );
    for (const sink of run.sinks ?? []) events = events.pipe(writeTo(sink));
    return events;
  });
}
