import type { LabelEvent } from '../types.js';

/**
 * The time span each frame occupies on a timeline: [time, next frame's time). The last frame lasts one
 * nominal frame interval. Using real times (not index / fps) keeps variable-frame-rate inputs honest.
 */
export function frameEnds(events: readonly LabelEvent[], fps: number): number[] {
  const step = fps > 0 ? 1 / fps : 1 / 25;
  return events.map((ev, i) => (i + 1 < events.length ? events[i + 1].time : ev.time + step));
}

/** Start and end (exclusive) of the labelled stretch, in seconds from the input's start. */
export function timeRange(events: readonly LabelEvent[], fps: number): { t0: number; t1: number } {
  if (events.length === 0) return { t0: 0, t1: 0 };
  const ends = frameEnds(events, fps);
  return { t0: events[0].time, t1: ends[ends.length - 1] };
}

/** Consecutive frames with the same winning label, as index ranges (end inclusive). */
export function labelRuns(events: readonly LabelEvent[]): Array<{ label: string; start: number; end: number }> {
  const runs: Array<{ label: string; start: number; end: number }> = [];
  events.forEach((ev, i) => {
    const last = runs.at(-1);
    if (last && last.label === ev.label) last.end = i;
    else runs.push({ label: ev.label, start: i, end: i });
  });
  return runs;
}
