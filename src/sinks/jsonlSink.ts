import type { LabelEvent } from '../types.js';
import { roundScore, roundScores, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

export interface JsonlOptions {
  /** Add `decoded_at` and `emitted_at` (Unix epoch ms): when the frame left the decoder and its label was emitted. */
  timing?: boolean;
}

/** One event as its JSONL line (docs/architecture.md, "Formats"), newline included. */
export function jsonlLine(ev: LabelEvent, opts: JsonlOptions = {}): string {
  const line: Record<string, unknown> = { frame: ev.frame, time: roundTime(ev.time), label: ev.label, score: roundScore(ev.score), scores: roundScores(ev.scores) };
  if (opts.timing) {
    // Microsecond precision on the epoch clock, like the times (roundTime rounds to a thousandth).
    line.decoded_at = ev.decodedAt === undefined ? null : roundTime(performance.timeOrigin + ev.decodedAt);
    line.emitted_at = ev.emittedAt === undefined ? null : roundTime(performance.timeOrigin + ev.emittedAt);
  }
  return JSON.stringify(line) + '\n';
}

/** One JSON object per frame and line, written as each event arrives. */
export function jsonlSink(out: TextOutput, opts: JsonlOptions = {}): LabelSink {
  return {
    write(ev: LabelEvent) {
      out.write(jsonlLine(ev, opts));
    },
    close: () => out.close(),
  };
}
