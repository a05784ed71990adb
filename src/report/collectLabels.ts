import { lastValueFrom, tap, toArray } from 'rxjs';
import { labelFile } from '../../pipelines/labelFile.js';
import { probeVideo } from '../decode/probeVideo.js';
import { labelRegistry } from '../labels/labelRegistry.js';
import { segmentsOf } from '../labels/segmentsOf.js';
import type { Model } from '../recurrent/model.js';
import type { LabelEvent, VideoInfo } from '../types.js';
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

/** Labels a whole input and keeps every event: what a report or an overlay is drawn from. */
export async function collectLabels(input: string, opts: CollectOptions): Promise<ReportData> {
  const info = opts.info ?? (await probeVideo(input, { signal: opts.signal }));
  const events = await lastValueFrom(
    labelFile(input, { model: opts.model, info, start: opts.start, duration: opts.duration, signal: opts.signal }).pipe(
      tap((ev) => opts.onEvent?.(ev)),
      toArray(),
    ),
  );
  const { labels, labelInfo } = opts.model.meta;
  const segments = segmentsOf(events, { registry: labelRegistry(opts.model.meta) });
  return { source: input, info, labels: [...labels], ...(labelInfo ? { labelInfo } : {}), events, segments, start: opts.start ?? 0 };
}
