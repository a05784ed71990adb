import type { SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import type { Segment } from '../types.js';
import { documentSink } from './documentSink.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

export interface SegmentsSinkOptions {
  source?: string;
  /** Written as is; when absent, estimated from the frame times seen (null if fewer than two frames). */
  fps?: number;
  /** Used only when no frame was labelled; otherwise the file states the frames it covers (last + 1). */
  frames?: number | null;
  segments?: SegmentDecoderOptions;
}

/** The segments JSON document (docs/architecture.md, "Formats"). */
export interface SegmentsDocument {
  source: string | null;
  fps: number | null;
  frames: number | null;
  segments: Segment[];
  /** Present (false) only when the run did not finish: the segments cover the frames labelled before it stopped. */
  complete?: false;
  /** Why the run did not finish ("interrupted", or the error's message). */
  error?: string;
}

/**
 * The segments JSON, a documentSink: written whole at the end of the run, marked incomplete (`complete: false`,
 * `error`) when the run did not finish.
 */
export function segmentsSink(dest: { path: string } | TextOutput, opts: SegmentsSinkOptions = {}): LabelSink {
  return documentSink(dest, opts.segments, (run, end) => {
    const doc: SegmentsDocument = {
      source: opts.source ?? null,
      fps: run.fps(opts.fps),
      frames: run.last ? run.last.frame + 1 : (opts.frames ?? null),
      segments: run.segments.map((s) => ({
        label: s.label,
        start: s.start,
        end: s.end,
        start_time: roundTime(s.start_time),
        end_time: roundTime(s.end_time),
        score: roundScore(s.score),
      })),
      ...(end.complete ? {} : { complete: false as const, error: end.reason }),
    };
    return JSON.stringify(doc, null, 2) + '\n';
  });
}
