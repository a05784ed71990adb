import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { LabelEvent } from '../types.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import { FramewiseError } from '../errors.js';

/**
 * Writes each event to the sink and passes it on. The sink is closed however the stream ends, and told how:
 * on completion the operator completes only after the sink is closed (the output is final then);
 * on error the sink is closed as incomplete before the error is passed on; on unsubscribe it is closed as
 * interrupted in the background (a close failure then has nobody to report to and is dropped).
 */
export function writeTo(sink: LabelSink): MonoTypeOperatorFunction<LabelEvent> {
  return (source) =>
    new Observable<LabelEvent>((subscriber) => {
      let closed = false;
      const close = (end: RunEnd): Promise<void> => {
        closed = true;
        return sink.close(end);
      };
      const failed = (err: unknown): RunEnd => ({ complete: false, reason: reasonOf(err) });
      const subscription = source.subscribe({
        next(ev) {
          if (closed) return; // a failed write: the error is on its way, later events are dropped
          try {
            sink.write(ev);
          } catch (err) {
            close(failed(err)).then(
              () => subscriber.error(err),
              () => subscriber.error(err),
            );
            return;
          }
          subscriber.next(ev);
        },
        error(err: unknown) {
          if (closed) return;
          close(failed(err)).then(
            () => subscriber.error(err),
            () => subscriber.error(err),
          );
        },
        complete() {
          if (closed) return;
          close(COMPLETE).then(
            () => subscriber.complete(),
            (err: unknown) => subscriber.error(err),
          );
        },
      });
      return () => {
        subscription.unsubscribe();
        if (!closed) close({ complete: false, reason: 'interrupted' }).catch(() => undefined);
      };
    });
}

function reasonOf(err: unknown): string {
  if (err instanceof FramewiseError && err.code === 'E_ABORTED') return 'interrupted';
  return err instanceof Error ? err.message : String(err);
}
