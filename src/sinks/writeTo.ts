import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { LabelEvent } from '../types.js';
import type { LabelSink } from './LabelSink.js';

/**
 * Writes each event to the sink and passes it on. The sink is closed however the stream ends:
 * on completion the operator completes only after the sink is closed (the output is final then);
 * on error the sink is closed before the error is passed on; on unsubscribe it is closed in the
 * background (a close failure then has nobody to report to and is dropped).
 */
export function writeTo(sink: LabelSink): MonoTypeOperatorFunction<LabelEvent> {
  return (source) =>
    new Observable<LabelEvent>((subscriber) => {
      let closed = false;
      const close = (): Promise<void> => {
        closed = true;
        return sink.close();
      };
      const subscription = source.subscribe({
        next(ev) {
          if (closed) return; // a failed write: the error is on its way, later events are dropped
          try {
            sink.write(ev);
          } catch (err) {
            close().then(
              () => subscriber.error(err),
              () => subscriber.error(err),
            );
            return;
          }
          subscriber.next(ev);
        },
        error(err: unknown) {
          if (closed) return;
          close().then(
            () => subscriber.error(err),
            () => subscriber.error(err),
          );
        },
        complete() {
          if (closed) return;
          close().then(
            () => subscriber.complete(),
            (err: unknown) => subscriber.error(err),
          );
        },
      });
      return () => {
        subscription.unsubscribe();
        if (!closed) close().catch(() => undefined);
      };
    });
}
