import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { FramewiseError } from '../errors.js';

/**
 * Ends the stream with an E_ABORTED error the moment `signal` fires, unsubscribing upstream first: nothing queued
 * upstream (a keep-newest queue, a decoder's buffered frames) is emitted after the abort.
 */
export function stopOnAbort<T>(signal: AbortSignal | undefined, what: string): MonoTypeOperatorFunction<T> {
  if (!signal) return (source) => source;
  return (source) =>
    new Observable<T>((subscriber) => {
      const aborted = (): FramewiseError => new FramewiseError('E_ABORTED', `${what} was aborted`);
      if (signal.aborted) {
        subscriber.error(aborted());
        return;
      }
      // An observer of our own (not `subscriber`): unsubscribing upstream must not close the downstream first.
      const subscription = source.subscribe({
        next: (v) => subscriber.next(v),
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      const abort = (): void => {
        subscription.unsubscribe();
        subscriber.error(aborted());
      };
      signal.addEventListener('abort', abort, { once: true });
      return () => {
        signal.removeEventListener('abort', abort);
        subscription.unsubscribe();
      };
    });
}
