import { lastValueFrom, tap, toArray } from 'rxjs';
import { labelFile } from '../../pipelines/labelFile.js';
import { probeVideo } from '../decode/probeVideo.js';
import { SegmentBuilder } from '../labels/SegmentBuilder.js';
import type { Model } from '../recurrent/model.js';
import type { LabelEvent, Segment, VideoInfo } from '../types.js';
import type { ReportData } from './ReportData.js';

export interface CollectOptions {
  model: Model;
  info?: VideoInfo;
  start?: number;
  duration?: number;
  signal?: AbortSignal;
  /** Called for every labelled frame (progress bars). */
  onEvent?: (ev: LabelEvent) => void;
}

/** Segments of a complete list of events, with the default SegmentBuilder rules (same as the segments sink). */
export function segmentsOf(events: readonly LabelEvent[]): Segment[] {
  const builder = new SegmentBuilder();
  const segments = events.flatMap((ev) => builder.push(ev));
  return [...segments, ...builder.flush()];
}

/** Labels a whole input and keeps every event: what a report or an overlay is drawn from. */
export async function collectLabels(input: string, opts: CollectOptions): Promise<ReportData> {
  const info = opts.info ?? (await probeVideo(input, { signal: opts.signal }));
  const events = await lastValueFrom(
    labelFile(input, { model: opts.model, info, start: opts.start, duration: opts.duration, signal: opts.signal }).pipe(
      tap((ev) => opts.onEvent?.(ev)),
      toArray(),
    ),
  );
  return { source: input, info, labels: [...opts.model.meta.labels], events, segments: segmentsOf(events), start: opts.start ?? 0 };
}
