import { UsageError } from '../errors.js';
import { labelRegistry } from '../labels/labelRegistry.js';
import { HEAD_BIAS, type Model } from './model.js';

/**
 * How eager the labeller is to call a transition, without retraining: offsets in logit units added to the output
 * head's bias before the softmax (`cut` to every `point` label, `gradual` to every `gradual` label). +1 multiplies
 * the label's odds against every other label by e ≈ 2.7 (more transitions found, more false ones); −1 divides them.
 * 0 (the default) is the model as it is.
 */
export interface Sensitivity {
  cut?: number;
  gradual?: number;
}

/** The model with `sensitivity` added to its head bias: a copy, or the model itself when every offset is 0. */
export function withSensitivity(model: Model, sensitivity: Sensitivity | undefined): Model {
  const cut = sensitivity?.cut ?? 0;
  const gradual = sensitivity?.gradual ?? 0;
  for (const [name, v] of [['cut', cut], ['gradual', gradual]] as const) {
    if (!Number.isFinite(v)) throw new UsageError('E_USAGE', `the ${name} sensitivity must be a finite number, got ${v}`);
  }
  if (cut === 0 && gradual === 0) return model;
  const registry = labelRegistry(model.meta);
  const bias = Float32Array.from(model.params[HEAD_BIAS]);
  model.meta.labels.forEach((label, k) => {
    const role = registry.role(label);
    if (role === 'point') bias[k] += cut;
    else if (role === 'gradual') bias[k] += gradual;
  });
  return { meta: model.meta, params: { ...model.params, [HEAD_BIAS]: bias } };
}
