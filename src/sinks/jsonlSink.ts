import type { LabelEvent } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

/** One JSON object per frame and line (design.md §5), written as each event arrives. */
export function jsonlSink(out: TextOutput): LabelSink {
  return {
    write(ev: LabelEvent) {
      const scores: Record<string, number> = {};
      for (const k in ev.scores) scores[k] = roundScore(ev.scores[k]);
      const line = { frame: ev.frame, time: roundTime(ev.time), label: ev.label, score: roundScore(ev.score), scores };
      out.write(JSON.stringify(line) + '\n');
    },
    close: () => out.close(),
  };
}
