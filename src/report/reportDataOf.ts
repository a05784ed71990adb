import { labelRegistry } from '../labels/labelRegistry.js';
import { segmentsOf } from '../labels/segmentsOf.js';
import type { LabelEvent, ModelMeta, VideoInfo } from '../types.js';
import type { ReportData } from './ReportData.js';

/** What a report or an overlay is drawn from: a whole run's events, segmented by the model's own label rules. */
export function reportDataOf(source: string, info: VideoInfo, meta: Pick<ModelMeta, 'labels' | 'labelInfo'>, events: LabelEvent[], start = 0): ReportData {
  const { labels, labelInfo } = meta;
  const segments = segmentsOf(events, { registry: labelRegistry(meta) });
  return { source, info, labels: [...labels], ...(labelInfo ? { labelInfo } : {}), events, segments, start };
}
