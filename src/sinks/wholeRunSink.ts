import type { LabelEvent } from '../types.js';
import { COMPLETE, type LabelSink } from './LabelSink.js';

/**
 * For outputs drawn from a whole run (a report, an overlay video): keeps every event and hands them over once the
 * run has completed. A run that did not complete writes nothing, so no such output ever looks complete when it is not.
 */
export function wholeRunSink(write: (events: LabelEvent[]) => Promise<void>): LabelSink {
  const events: LabelEvent[] = [];
  let closing: Promise<void> | null = null;
  return {
    write: (ev) => void events.push(ev),
    close(end = COMPLETE) {
      closing ??= end.complete ? write(events) : Promise.resolve();
      return closing;
    },
  };
}
