import type { LabelSink } from './LabelSink.js';
import { cueText } from './cueText.js';
import { cueSink, type CueOptions } from './cueWriter.js';
import { cueTimestamp } from './formatting.js';
import type { TextOutput } from './textOutput.js';

/** WebVTT: one cue per segment, the label as its text. */
export function vttSink(out: TextOutput, opts: CueOptions = {}): LabelSink {
  return cueSink(
    out,
    opts,
    'WEBVTT\n\n',
    (n, seg, end) => `${n}\n${cueTimestamp(seg.start_time, '.')} --> ${cueTimestamp(end, '.')}\n${cueText(seg.label, 'vtt')}\n\n`,
  );
}
