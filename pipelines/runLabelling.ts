/**
 * A whole run as one promise, for callers that write outputs (the CLI's label and report, a queue worker):
 * probe the source, create the sinks from what the probe found, run labelStream, and report what was labelled.
 * A run that fails, is aborted or decodes no frame closes its sinks as incomplete: such a result never looks complete.
 */
import { lastValueFrom, tap } from 'rxjs';
import type { LiveStats } from '../src/live/LiveStats.js';
import type { Model } from '../src/recurrent/model.js';
import type { LabelSink } from '../src/sinks/LabelSink.js';
import type { Source } from '../src/source/Source.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';
import { labelStream } from './labelStream.js';

/** What a sink may need to know before the first frame. */
export interface SinkContext {
  /** The source's name (credentials removed). */
  source: string;
  /** The probed description, or null for a source that cannot be probed (a pipe, a camera). */
  info: VideoInfo | null;
  labels: readonly string[];
  /** The run's abort signal, for sinks with long work at close (an overlay render). */
  signal?: AbortSignal;
}

export type SinkFactory = (ctx: SinkContext) => LabelSink;

export interface RunOptions {
  source: Source;
  model: Model;
  sinks: readonly SinkFactory[];
  signal?: AbortSignal;
  queue?: number;
  stats?: LiveStats;
  /** Called once the source is probed (null: it cannot be), before the first frame. */
  onInfo?: (info: VideoInfo | null) => void;
  /** Called for every labelled frame after the sinks have it (progress). */
  onEvent?: (ev: LabelEvent) => void;
}

export interface RunResult {
  info: VideoInfo | null;
  /** Frames labelled. */
  frames: number;
  /** Source frame numbers of the first and last frame labelled. */
  first: number;
  last: number;
}

export async function runLabelling(opts: RunOptions): Promise<RunResult> {
  const { source, model, signal } = opts;
  const info = await source.probe(signal);
  opts.onInfo?.(info);
  const ctx: SinkContext = { source: source.name, info, labels: model.meta.labels, signal };
  const sinks: LabelSink[] = [];
  try {
    for (const make of opts.sinks) sinks.push(make(ctx));
  } catch (err) {
    await Promise.allSettled(sinks.map((s) => s.close({ complete: false, reason: 'not started' })));
    throw err;
  }
  let frames = 0;
  let first = -1;
  let last = -1;
  const events = labelStream({ source, model, signal, queue: opts.queue, stats: opts.stats, sinks }).pipe(
    tap((ev) => {
      if (frames++ === 0) first = ev.frame;
      last = ev.frame;
      opts.onEvent?.(ev);
    }),
  );
  await lastValueFrom(events, { defaultValue: null });
  return { info, frames, first, last };
}
