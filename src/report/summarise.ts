import type { ReportData } from './ReportData.js';
import { frameEnds } from './frameTimes.js';

/** Per-label totals for the report's summary table. */
export interface LabelSummary {
  label: string;
  /** Number of segments with this label. */
  segments: number;
  /** Frames covered by those segments. */
  frames: number;
  /** Seconds covered by those segments. */
  seconds: number;
}

/** Counts and total time per label over the segments, in the model's label order (labels never seen: zeros). */
export function summarise(data: Pick<ReportData, 'labels' | 'events' | 'segments' | 'info'>): LabelSummary[] {
  const ends = frameEnds(data.events, data.info.fps);
  const rows = new Map<string, LabelSummary>(data.labels.map((l) => [l, { label: l, segments: 0, frames: 0, seconds: 0 }]));
  for (const s of data.segments) {
    let row = rows.get(s.label);
    if (!row) rows.set(s.label, (row = { label: s.label, segments: 0, frames: 0, seconds: 0 }));
    row.segments += 1;
    row.frames += s.end - s.start + 1;
    const endTime = ends[s.end] ?? s.end_time;
    row.seconds += endTime - s.start_time;
  }
  return [...rows.values()];
}
