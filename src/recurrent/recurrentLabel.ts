import { Observable, type OperatorFunction } from 'rxjs';
import { ModelError } from '../errors.js';
import type { FeatureVector, FrameScores } from '../types.js';
import type { Model } from './model.js';
import { StreamRunner } from './StreamRunner.js';

export interface RecurrentLabelOptions {
  /**
   * Frames fed to the network together (default 1). With 4, the input products of four frames share each load of
   * the weights (the network's costliest part); scores are the same, but a frame's scores wait for up to three
   * later frames. For a source that can wait (a file); a live source takes 1.
   */
  batch?: number;
}

/**
 * FeatureVector → FrameScores through a stateful recurrent model. Each subscription has its own StreamRunner.
 * With meta.delay = D, the scores for frame k − D are emitted when input k arrives (look-ahead of D frames);
 * on completion, D copies of the last input are fed to flush the remaining frames — the same convention
 * trainModel uses, so emitted scores are aligned with the frames they describe.
 */
export function recurrentLabel(model: Model, opts: RecurrentLabelOptions = {}): OperatorFunction<FeatureVector, FrameScores> {
  const D = model.meta.delay;
  const C = model.meta.labels.length;
  const n = model.meta.inputSize;
  const batch = Math.max(1, Math.floor(opts.batch ?? 1));
  return (source) =>
    new Observable<FrameScores>((subscriber) => {
      const runner = new StreamRunner(model, batch);
      // Frames whose scores are not out yet (at most D + batch); only their identity is needed.
      const pending: Array<Pick<FeatureVector, 'index' | 'time' | 'decodedAt'>> = [];
      // Copies of the inputs waiting to be fed (upstream may reuse its buffers), one view per slot.
      const buffer = new Float32Array(batch * n); // [batch, inputSize]
      const slots = Array.from({ length: batch }, (_, t) => buffer.subarray(t * n, (t + 1) * n));
      let waiting = 0;
      let last: Float32Array | null = null; // the slot holding the last input, for the flush
      let steps = 0;
      const feed = (): void => {
        if (waiting === 0) return;
        const probs = waiting === batch ? runner.stepMany(slots) : runner.stepMany(slots.slice(0, waiting));
        for (let t = 0; t < waiting; t++) {
          if (++steps <= D) continue;
          const f = pending.shift();
          if (f !== undefined) subscriber.next({ index: f.index, time: f.time, decodedAt: f.decodedAt, probs: probs.slice(t * C, (t + 1) * C) });
        }
        waiting = 0;
      };
      const push = (values: Float32Array): void => {
        if (values.length !== n) {
          throw new ModelError('E_MODEL_INVALID', `feature vector has ${values.length} values but the model expects ${n} (feature spec ${model.meta.feature.name})`);
        }
        const slot = slots[waiting++];
        slot.set(values);
        last = slot;
        if (waiting === batch) feed();
      };
      const subscription = source.subscribe({
        next(fv) {
          pending.push({ index: fv.index, time: fv.time, decodedAt: fv.decodedAt });
          try {
            push(fv.values);
          } catch (err) {
            subscriber.error(err);
          }
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          try {
            // D more steps on copies of the last input release the last D frames' scores.
            const final = last === null ? null : Float32Array.from(last);
            if (final !== null) for (let i = 0; i < D; i++) push(final);
            feed();
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
