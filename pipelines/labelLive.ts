/**
 * Label a live source frame by frame, in real time:
 *   decodeFrames (camera / URL / stdin, paced by the source) ──► keepNewest (bounded, drops oldest)
 *   ──► extractFeatures ──► recurrentLabel (one stateful runner) ──► toLabels ──► LabelEvent
 *
 * Drops and the recurrent state: a dropped frame is simply never seen by the network; its state is
 * never reset. The next frame is fed as if it directly followed the last one processed, so right after
 * a drop the difference features span a longer gap (more apparent motion, and a drop during a gradual
 * transition shortens it); the state recovers within a few frames. Dropped frames get no label event,
 * so `frame` indices in the output skip them (`frame` is always the decoder's index).
 */
import type { Readable } from 'node:stream';
import { defer, tap, type Observable } from 'rxjs';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { toLabels } from '../src/labels/toLabels.js';
import { keepNewest } from '../src/live/keepNewest.js';
import { LiveStats } from '../src/live/LiveStats.js';
import type { Model } from '../src/recurrent/model.js';
import { recurrentLabel } from '../src/recurrent/recurrentLabel.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';

export interface LiveSource {
  /** A URL (rtsp://, udp://, tcp://, http://…), a device or file path, a lavfi graph, or a stream (stdin). */
  input: string | Readable;
  /** ffmpeg input options placed before `-i`, e.g. ['-f', 'v4l2'] for a camera. */
  inputArgs?: string[];
  /** Read the input at its native frame rate (ffmpeg -re): makes a file behave like a camera. */
  realtime?: boolean;
  /** What is known about the input, to skip probing (e.g. devices and lavfi graphs that ffprobe cannot open alone). */
  info?: VideoInfo;
}

export interface LabelLiveOptions {
  model: Model;
  /** Frames that may wait between decoder and network before the oldest is dropped (default 8). */
  queue?: number;
  /** Counters updated in place while the run goes (frames, drops, latency); a fresh one if omitted. */
  stats?: LiveStats;
  signal?: AbortSignal;
}

export const DEFAULT_LIVE_QUEUE = 8;

/**
 * ffmpeg input options for every live source (the source's own options come after and win).
 * - analyzeduration 0.1 s: ffmpeg holds back the stream while it analyses it (5 s by default); those frames
 *   would then arrive as one stale burst that the keep-newest queue drops. 0.1 s starts decoding at once.
 * - thread_queue_size: a deeper input packet queue absorbs bursts from cameras and networks.
 * Any input option also makes decodeFrames skip its ffprobe pass, which would consume the start of a
 * one-shot live stream (a tcp listener, a pipe); ffmpeg describes the stream on stderr instead.
 * (Not -fflags nobuffer: it loses the first frames of an MPEG-TS stream.)
 */
export const LIVE_INPUT_ARGS: readonly string[] = ['-analyzeduration', '100000', '-thread_queue_size', '512'];

export function labelLive(source: LiveSource, opts: LabelLiveOptions): Observable<LabelEvent> {
  const stats = opts.stats ?? new LiveStats();
  const { model } = opts;
  return defer(() => {
    // decodedAt of the newest frame that entered the network: its label (or the delayed label it releases)
    // is emitted synchronously while that frame is processed, so emittedAt − this is our own processing time.
    let triggerDecodedAt = 0;
    return decodeFrames(source.input, {
      width: model.meta.feature.width,
      height: model.meta.feature.height,
      pixelFormat: FEATURE_PIXEL_FORMAT,
      realtime: source.realtime,
      inputArgs: [...LIVE_INPUT_ARGS, ...(source.inputArgs ?? [])],
      info: source.info,
      signal: opts.signal,
    }).pipe(
      tap(() => stats.frames++),
      keepNewest({ capacity: opts.queue ?? DEFAULT_LIVE_QUEUE, counters: stats.queue }),
      tap((frame) => (triggerDecodedAt = frame.decodedAt)),
      extractFeatures(model.meta.feature),
      recurrentLabel(model),
      toLabels(model.meta.labels),
      tap((ev) => {
        const emittedAt = ev.emittedAt ?? performance.now();
        const decodedAt = ev.decodedAt ?? triggerDecodedAt;
        stats.recordLatency(emittedAt - decodedAt, emittedAt - triggerDecodedAt);
      }),
    );
  });
}
