import type { LabelEvent } from '../types.js';
import { roundScore, roundTime } from './formatting.js';
import type { LabelSink } from './LabelSink.js';
import type { TextOutput } from './textOutput.js';

/** Quotes a field only when CSV needs it (labels are data in the model file and could hold anything). */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `frame,time,label,score` rows under a header, written as each event arrives. */
export function csvSink(out: TextOutput): LabelSink {
  out.write('frame,time,label,score\n');
  return {
    write(ev: LabelEvent) {
      out.write(`${ev.frame},${roundTime(ev.time)},${field(ev.label)},${roundScore(ev.score)}\n`);
    },
    close: () => out.close(),
  };
}
