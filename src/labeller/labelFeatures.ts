import type { OperatorFunction } from 'rxjs';
import { toLabels } from '../labels/toLabels.js';
import type { Model } from '../recurrent/model.js';
import { recurrentLabel, type RecurrentLabelOptions } from '../recurrent/recurrentLabel.js';
import type { FeatureVector, LabelEvent } from '../types.js';

/**
 * Feature vectors → label events through one stateful recurrent run: the half of the labeller that training,
 * evaluation and calibration share with labelling (they start from cached features).
 */
export function labelFeatures(model: Model, opts: RecurrentLabelOptions = {}): OperatorFunction<FeatureVector, LabelEvent> {
  return (vectors) => vectors.pipe(recurrentLabel(model, opts), toLabels(model.meta.labels));
}
