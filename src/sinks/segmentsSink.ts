import { SegmentBuilder, type SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import type { LabelEvent, Segment } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';
import { wholeFileOutput } from './wholeFileOutput.js';

export interface SegmentsSinkOptions {
  source?: string;
  /** Written as is; when absent, estimated from the frame times seen (null if fewer than two frames). */
  fps?: number;
  /** Used only when no frame was labelled; otherwise the file states the frames it covers (last + 1). */
  frames?: number | null;
  segments?: SegmentBuilderOptions;
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
 * The whole-file format: segments are collected and the document is written on close(), to a file as a
 * wholeFileOutput (never a half-written document).
 */
export function segmentsSink(dest: { path: string } | TextOutput, opts: SegmentsSinkOptions = {}): LabelSink {
  const builder = new SegmentBuilder(opts.segments);
  const segments: Segment[] = [];
  let first: LabelEvent | null = null;
  let last: LabelEvent | null = null;
  let closing: Promise<void> | null = null;

  const file = 'path' in dest ? wholeFileOutput(dest.path) : null;

  const document = (end: RunEnd): SegmentsDocument => {
    let fps: number | null = opts.fps ?? null;
    if (fps === null && first && last && last.frame > first.frame && last.time > first.time) {
      fps = (last.frame - first.frame) / (last.time - first.time);
    }
    return {
      source: opts.source ?? null,
      fps,
      frames: last ? last.frame + 1 : (opts.frames ?? null),
      segments: segments.map((s) => ({
        label: s.label,
        start: s.start,
        end: s.end,
        start_time: roundTime(s.start_time),
        end_time: roundTime(s.end_time),
        score: roundScore(s.score),
      })),
      ...(end.complete ? {} : { complete: false as const, error: end.reason }),
    };
  };

  const finish = async (end: RunEnd): Promise<void> => {
    segments.push(...builder.flush());
    const text = JSON.stringify(document(end), null, 2) + '\n';
    if (file !== null) {
      file.write(text);
    } else if (!('path' in dest)) {
      dest.write(text);
      await dest.close();
    }
  };

  return {
    write(ev) {
      if (closing) throw new Error('sink is closed');
      first ??= ev;
      last = ev;
      segments.push(...builder.push(ev));
    },
    close(end = COMPLETE) {
      closing ??= finish(end);
      return closing;
    },
  };
}
