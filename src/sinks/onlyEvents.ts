import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import type { LabelRegistry } from '../labels/labelRegistry.js';
import type { LabelSink } from './LabelSink.js';

/** A per-frame sink that receives only frames whose label is an event, not the inside of a shot (`--events-only`). */
export function onlyEvents(sink: LabelSink, registry: LabelRegistry = DEFAULT_LABEL_REGISTRY): LabelSink {
  return {
    write(ev) {
      if (registry.role(ev.label) !== 'in-shot') sink.write(ev);
    },
    close: (end) => sink.close(end),
  };
}
