import type { LabelSink } from './LabelSink.js';
import { cueText } from './cueText.js';
import { cueSink, type CueOptions } from './cueWriter.js';
import { cueTimestamp } from './formatting.js';
import type { TextOutput } from './textOutput.js';

/** SubRip: numbered cues, one per segment, the label as its text. */
export function srtSink(out: TextOutput, opts: CueOptions = {}): LabelSink {
  return cueSink(
    out,
    opts,
    '',
    (n, seg, end) => `${n}\n${cueTimestamp(seg.start_time, ',')} --> ${cueTimestamp(end, ',')}\n${cueText(seg.label, 'srt')}\n\n`,
  );
}
