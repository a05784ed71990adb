import { Observable, type OperatorFunction } from 'rxjs';
import type { FeatureSpec, FeatureVector, Frame } from '../types.js';
import { FeatureExtractor } from './FeatureExtractor.js';
import { DEFAULT_FEATURE_SPEC } from './featureSpec.js';

/** Frames → feature vectors. Each subscription gets its own extractor, so its own frame history. */
export function extractFeatures(spec: FeatureSpec = DEFAULT_FEATURE_SPEC): OperatorFunction<Frame, FeatureVector> {
  return (source) =>
    new Observable<FeatureVector>((subscriber) => {
      const extractor = new FeatureExtractor(spec);
      return source.subscribe({
        next(frame) {
          let values: Float32Array;
          try {
            values = extractor.extract(frame);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          subscriber.next({ index: frame.index, time: frame.time, values, decodedAt: frame.decodedAt });
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
