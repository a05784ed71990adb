import type { LabelEvent } from '../types.js';
import type { LabelSink } from './LabelSink.js';

/** Anything that fans label events out to listeners, e.g. the live page server. */
export interface Broadcaster {
  publish(ev: LabelEvent): void;
}

/** Sends each event to a broadcaster (the live page); closing leaves the broadcaster to its owner. */
export function broadcastSink(to: Broadcaster): LabelSink {
  return {
    write: (ev) => to.publish(ev),
    close: () => Promise.resolve(),
  };
}
