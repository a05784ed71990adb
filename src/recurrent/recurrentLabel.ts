import { Observable, type OperatorFunction } from 'rxjs';
import type { FeatureVector, FrameScores } from '../types.js';
import type { Model } from './model.js';
import { StreamRunner } from './StreamRunner.js';

/**
 * FeatureVector → FrameScores through a stateful recurrent model. Each subscription has its own StreamRunner.
 * With meta.delay = D, the scores for frame k − D are emitted when input k arrives (look-ahead of D frames);
 * on completion, D copies of the last input are fed to flush the remaining frames — the same convention
 * trainModel uses, so emitted scores are aligned with the frames they describe.
 */
export function recurrentLabel(model: Model): OperatorFunction<FeatureVector, FrameScores> {
  const D = model.meta.delay;
  return (source) =>
    new Observable<FrameScores>((subscriber) => {
      const runner = new StreamRunner(model);
      // Frames whose scores are not out yet (at most D + 1); only their identity is needed.
      const pending: Array<Pick<FeatureVector, 'index' | 'time' | 'decodedAt'>> = [];
      // Copy of the last input, for the flush (upstream may reuse its buffers).
      const last = new Float32Array(model.meta.inputSize); // [inputSize]
      let seen = false;
      let steps = 0;
      const feed = (values: Float32Array): void => {
        const probs = runner.step(values);
        steps++;
        if (steps > D) {
          const f = pending.shift();
          if (f !== undefined) subscriber.next({ index: f.index, time: f.time, decodedAt: f.decodedAt, probs: Float32Array.from(probs) });
        }
      };
      const subscription = source.subscribe({
        next(fv) {
          pending.push({ index: fv.index, time: fv.time, decodedAt: fv.decodedAt });
          try {
            if (fv.values.length === last.length) last.set(fv.values);
            seen = true;
            feed(fv.values);
          } catch (err) {
            subscriber.error(err);
          }
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          try {
            if (seen) for (let i = 0; i < D && pending.length > 0; i++) feed(last);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          subscriber.complete();
        },
      });
      return () => subscription.unsubscribe();
    });
}
