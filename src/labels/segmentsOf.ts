import type { LabelEvent, Segment } from '../types.js';
import { SegmentDecoder, type SegmentDecoderOptions } from './SegmentDecoder.js';

/** Segments of a complete list of events, decoded exactly as `toSegments` and the sinks decode them one event at a time. */
export function segmentsOf(events: readonly LabelEvent[], opts?: SegmentDecoderOptions): Segment[] {
  const decoder = new SegmentDecoder(opts);
  return [...events.flatMap((ev) => decoder.push(ev)), ...decoder.flush()];
}
