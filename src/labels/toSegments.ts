import { Observable, type OperatorFunction } from 'rxjs';
import type { LabelEvent, Segment } from '../types.js';
import { SegmentBuilder, type SegmentBuilderOptions } from './SegmentBuilder.js';

/** Label events → segments as they become final; the last ones when the source completes. */
export function toSegments(opts?: SegmentBuilderOptions): OperatorFunction<LabelEvent, Segment> {
  return (source) =>
    new Observable<Segment>((subscriber) => {
      const builder = new SegmentBuilder(opts);
      return source.subscribe({
        next(ev) {
          for (const s of builder.push(ev)) subscriber.next(s);
        },
        error: (err: unknown) => subscriber.error(err),
        complete() {
          for (const s of builder.flush()) subscriber.next(s);
          subscriber.complete();
        },
      });
    });
}
