import { SegmentBuilder, type SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import type { Segment } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

/** One JSON line per segment, written as soon as the segment closes (live runs: the run has no end to wait for). */
export function segmentLinesSink(out: TextOutput, opts: { segments?: SegmentBuilderOptions } = {}): LabelSink {
  const builder = new SegmentBuilder(opts.segments);
  const emit = (segs: Segment[]): void => {
    for (const s of segs) out.write(JSON.stringify({ ...s, start_time: roundTime(s.start_time), end_time: roundTime(s.end_time), score: roundScore(s.score) }) + '\n');
  };
  let closing: Promise<void> | null = null;
  return {
    write: (ev) => emit(builder.push(ev)),
    close() {
      closing ??= (async () => {
        try {
          emit(builder.flush());
        } finally {
          await out.close();
        }
      })();
      return closing;
    },
  };
}
