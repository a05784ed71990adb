import { map, type OperatorFunction } from 'rxjs';
import { ModelError } from '../errors.js';
import { oneLine } from '../oneLine.js';
import type { FrameScores, LabelEvent } from '../types.js';

/**
 * Recurrent scores → one LabelEvent per frame: the most probable label wins (the first one on a tie),
 * `scores` carries every label's probability in label order.
 */
export function toLabels(labels: string[]): OperatorFunction<FrameScores, LabelEvent> {
  const names = [...labels];
  // Each event's record is a copy of this one: copies of an object with fast properties share its shape, where a
  // record built key by key on a null prototype is a hash table, twice as slow to make and slower to read (the
  // segment decoder reads every event's). Own data properties throughout, so a label named like an Object property
  // (`__proto__`, `constructor`) is an ordinary key.
  const template: Record<string, number> = {};
  for (const name of names) Object.defineProperty(template, name, { value: 0, writable: true, enumerable: true, configurable: true });
  return map((fs: FrameScores): LabelEvent => {
    const probs = fs.probs;
    if (probs.length !== names.length) {
      throw new RangeError(`frame ${fs.index}: ${probs.length} scores for ${names.length} labels`);
    }
    let best = 0;
    const scores = { ...template };
    for (let i = 0; i < names.length; i++) {
      // A model whose weights overflow float32 gives NaN: an error, never a run of meaningless labels.
      if (!Number.isFinite(probs[i])) {
        throw new ModelError('E_MODEL_INVALID', oneLine(`the model gives a non-finite score for "${names[i]}" at frame ${fs.index} (its weights overflow): the model file is unusable`));
      }
      scores[names[i]] = probs[i];
      if (probs[i] > probs[best]) best = i;
    }
    return {
      frame: fs.index,
      time: fs.time,
      label: names[best],
      score: probs[best],
      scores,
      decodedAt: fs.decodedAt,
      emittedAt: performance.now(),
    };
  });
}
