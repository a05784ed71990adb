import { IN_SHOT_LABELS } from '../labels/defaultLabels.js';
import type { LabelSink } from './LabelSink.js';

/** A per-frame sink that receives only frames whose label is an event, not the inside of a shot (`--events-only`). */
export function onlyEvents(sink: LabelSink, inShot: readonly string[] = IN_SHOT_LABELS): LabelSink {
  const skip = new Set(inShot);
  return {
    write(ev) {
      if (!skip.has(ev.label)) sink.write(ev);
    },
    close: (end) => sink.close(end),
  };
}
