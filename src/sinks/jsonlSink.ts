import type { LabelEvent } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

/** One event as its JSONL line (design.md §5), newline included. */
export function jsonlLine(ev: LabelEvent): string {
  const scores: Record<string, number> = {};
  for (const k in ev.scores) scores[k] = roundScore(ev.scores[k]);
  return JSON.stringify({ frame: ev.frame, time: roundTime(ev.time), label: ev.label, score: roundScore(ev.score), scores }) + '\n';
}

/** One JSON object per frame and line, written as each event arrives. */
export function jsonlSink(out: TextOutput): LabelSink {
  return {
    write(ev: LabelEvent) {
      out.write(jsonlLine(ev));
    },
    close: () => out.close(),
  };
}
