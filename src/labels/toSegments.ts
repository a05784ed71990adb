import { Observable, type OperatorFunction } from 'rxjs';
import type { LabelEvent, Segment } from '../types.js';
import { SegmentDecoder, type SegmentDecoderOptions } from './SegmentDecoder.js';

/**
 * Label events → segments as they become final (SegmentDecoder: at most `maxLag` frames after their end); the last
 * ones when the source completes.
 */
export function toSegments(opts?: SegmentDecoderOptions): OperatorFunction<LabelEvent, Segment> {
  return (source) =>
    new Observable<Segment>((subscriber) => {
      const decoder = new SegmentDecoder(opts);
      return source.subscribe({
        next(ev) {
          for (const s of decoder.push(ev)) subscriber.next(s);
        },
        error: (err: unknown) => subscriber.error(err),
        complete() {
          for (const s of decoder.flush()) subscriber.next(s);
          subscriber.complete();
        },
      });
    });
}
