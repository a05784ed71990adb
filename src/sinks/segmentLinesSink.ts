import type { SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import { cueSink } from './cueWriter.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

/** One JSON line per segment, written as soon as the segment closes (live runs: the run has no end to wait for). */
export function segmentLinesSink(out: TextOutput, opts: { segments?: SegmentDecoderOptions } = {}): LabelSink {
  return cueSink(out, { segments: opts.segments }, '', (_n, s) =>
    JSON.stringify({ ...s, start_time: roundTime(s.start_time), end_time: roundTime(s.end_time), score: roundScore(s.score) }) + '\n',
  );
}
