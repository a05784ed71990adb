/**
 * A custom operator: keep only dissolves that last longer than `minSeconds`.
 * Any RxJS operator composes with framewise's streams; this one works on segments (see findLongDissolves.ts).
 */
import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import type { Segment } from 'framewise';

/**
 * Seconds a segment lasts. Segments carry the times of their first and last frames, so the last frame's own
 * duration is added, estimated from the segment's mean frame interval (a one-frame segment counts as 0 s).
 */
export function segmentSeconds(s: Segment): number {
  const frames = s.end - s.start + 1;
  if (frames < 2) return 0;
  return ((s.end_time - s.start_time) * frames) / (frames - 1);
}

export function longDissolves(minSeconds: number): MonoTypeOperatorFunction<Segment> {
  return filter((s) => s.label === 'dissolve' && segmentSeconds(s) > minSeconds);
}
