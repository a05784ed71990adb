import { SegmentDecoder, type SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import type { LabelEvent, Segment } from '../types.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';
import { wholeFileOutput } from './wholeFileOutput.js';

/** What a whole-run document is drawn from: the run's segments and its first and last labelled frames. */
export interface CollectedRun {
  segments: Segment[];
  first: LabelEvent | null;
  last: LabelEvent | null;
  /** Frames per second: the given rate, else estimated from the frame times seen (null if that cannot be). */
  fps(given?: number): number | null;
}

/**
 * A document written once at the end of a run (the segments JSON, scene lists, editor exports): segments are
 * collected as the run goes; on close `render` makes the text (null: write nothing) from them and how the run ended.
 * To a file it is a wholeFileOutput (target checked up front, never a half-written document); a stream is closed.
 */
export function documentSink(
  dest: { path: string } | TextOutput,
  segmentOptions: SegmentDecoderOptions | undefined,
  render: (run: CollectedRun, end: RunEnd) => string | null,
): LabelSink {
  const decoder = new SegmentDecoder(segmentOptions);
  const run: CollectedRun = {
    segments: [],
    first: null,
    last: null,
    fps(given) {
      if (given !== undefined) return given;
      const { first, last } = run;
      return first && last && last.frame > first.frame && last.time > first.time ? (last.frame - first.frame) / (last.time - first.time) : null;
    },
  };
  const file = 'path' in dest ? wholeFileOutput(dest.path) : null;
  let closing: Promise<void> | null = null;

  const finish = async (end: RunEnd): Promise<void> => {
    run.segments.push(...decoder.flush());
    if (file !== null) {
      const text = render(run, end);
      if (text !== null) file.write(text);
    } else if (!('path' in dest)) {
      try {
        const text = render(run, end);
        if (text !== null) dest.write(text);
      } finally {
        await dest.close();
      }
    }
  };

  return {
    write(ev) {
      if (closing) throw new Error('sink is closed');
      run.first ??= ev;
      run.last = ev;
      run.segments.push(...decoder.push(ev));
    },
    close(end = COMPLETE) {
      closing ??= finish(end);
      return closing;
    },
  };
}
