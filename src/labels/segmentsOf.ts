import type { LabelEvent, Segment } from '../types.js';
import { SegmentBuilder, type SegmentBuilderOptions } from './SegmentBuilder.js';

/** Segments of a complete list of events, by the same rules as `toSegments` and the segments sink. */
export function segmentsOf(events: readonly LabelEvent[], opts?: SegmentBuilderOptions): Segment[] {
  const builder = new SegmentBuilder(opts);
  return [...events.flatMap((ev) => builder.push(ev)), ...builder.flush()];
}
