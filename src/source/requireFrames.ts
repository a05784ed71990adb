import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { InputError } from '../errors.js';

/** Fails a stream that completes without a single item: a source that yields no frame is an error, not an empty result. */
export function requireFrames<T>(name: string): MonoTypeOperatorFunction<T> {
  return (items) =>
    new Observable<T>((subscriber) => {
      let seen = false;
      return items.subscribe({
        next(item) {
          seen = true;
          subscriber.next(item);
        },
        error: (err: unknown) => subscriber.error(err),
        complete() {
          if (seen) subscriber.complete();
          else subscriber.error(new InputError('E_INPUT_INVALID', `no frame could be decoded from ${name}`));
        },
      });
    });
}
