import type { LabelEvent } from '../types.js';
import type { LabelSink } from './LabelSink.js';

/** Hands each event to a function of yours (progress, collecting, forwarding); nothing to finish. */
export function callbackSink(onEvent: (ev: LabelEvent) => void): LabelSink {
  return {
    write: onEvent,
    close: () => Promise.resolve(),
  };
}
