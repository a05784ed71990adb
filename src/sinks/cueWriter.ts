import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import { SegmentDecoder, type SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import type { LabelEvent, Segment } from '../types.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

export interface CueOptions {
  /** Only events: skip segments of in-shot labels (still, motion; the registry of `segments` says which). */
  eventsOnly?: boolean;
  /** Frame rate, for the end of a cue (end of its last frame); estimated from frame times when absent. */
  fps?: number;
  segments?: SegmentDecoderOptions;
}

/**
 * The subtitle sinks' common part: segments from a SegmentDecoder become cues, written as each segment
 * closes; close() writes the segment still open. A cue runs from its first frame's time to the end of
 * its last frame, so a one-frame cut still shows.
 */
export function cueSink(
  out: TextOutput,
  opts: CueOptions,
  header: string,
  cue: (n: number, seg: Segment, endTime: number) => string,
): LabelSink {
  const decoder = new SegmentDecoder(opts.segments);
  const registry = opts.segments?.registry ?? DEFAULT_LABEL_REGISTRY;
  let n = 0;
  let first: LabelEvent | null = null;
  let last: LabelEvent | null = null;
  let closing: Promise<void> | null = null;

  const frameDuration = (): number => {
    if (opts.fps && opts.fps > 0) return 1 / opts.fps;
    if (first && last && last.frame > first.frame) return (last.time - first.time) / (last.frame - first.frame);
    return 1 / 25;
  };
  const emit = (segs: Segment[]) => {
    for (const seg of segs) {
      if (opts.eventsOnly && registry.role(seg.label) === 'in-shot') continue;
      n++;
      out.write(cue(n, seg, seg.end_time + frameDuration()));
    }
  };

  out.write(header);
  return {
    write(ev) {
      if (closing) throw new Error('sink is closed');
      first ??= ev;
      last = ev;
      emit(decoder.push(ev));
    },
    close() {
      closing ??= (async () => {
        try {
          emit(decoder.flush());
        } finally {
          await out.close();
        }
      })();
      return closing;
    },
  };
}
