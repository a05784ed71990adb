import { UsageError } from '../errors.js';
import { cellKernel } from './cells/cellKernel.js';
import { HEAD_BIAS, HEAD_WEIGHT, paramShapes, type Model } from './model.js';

/**
 * Several models of one recipe (same cell, layers, delay, labels, features and normalisation; trained with
 * different seeds) → one model whose output logits are the mean of theirs: a seed ensemble that runs, loads
 * and saves like any model. The recurrent layers are laid side by side — hidden size ΣH, each gate's rows
 * model after model, block-diagonal recurrent and inter-layer weights — so every member's units see only its
 * own units and evolve exactly as in the member; the head averages the members' heads.
 */
export function ensembleModels(models: readonly Model[]): Model {
  if (models.length === 0) throw new UsageError('E_USAGE', 'an ensemble needs at least one model');
  const first = models[0].meta;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const m of models.slice(1)) {
    const x = m.meta;
    const mismatch = (['cell', 'numLayers', 'delay', 'inputSize', 'labels', 'labelInfo', 'feature'] as const).find((k) => !same(x[k], first[k]));
    if (mismatch) {
      const why = mismatch === 'feature' ? ' (extractor or normalisation: were they trained on the same folders?)' : '';
      throw new UsageError('E_USAGE', `ensemble members differ in ${mismatch}${why}`);
    }
  }
  const G = cellKernel(first.cell).gates;
  const sizes = models.map((m) => m.meta.hiddenSize);
  const H = sizes.reduce((a, b) => a + b, 0);
  // Row (and hidden unit) offset of each member inside a gate block.
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const meta = { ...first, hiddenSize: H, training: { ensemble: models.map((m) => m.meta.training ?? {}) } };
  const params: Record<string, Float32Array> = {};
  for (const { name, shape } of paramShapes(meta)) params[name] = new Float32Array(shape.reduce((p, d) => p * d, 1));

  models.forEach((m, i) => {
    const h = sizes[i];
    const o = offsets[i];
    for (let l = 0; l < first.numLayers; l++) {
      const inSize = l === 0 ? first.inputSize : h;
      const inOffset = l === 0 ? 0 : o;
      const inCols = l === 0 ? first.inputSize : H;
      for (let g = 0; g < G; g++) {
        for (let r = 0; r < h; r++) {
          const src = g * h + r; // member row
          const dst = g * H + o + r; // ensemble row
          params[`weight_ih_l${l}`].set(m.params[`weight_ih_l${l}`].subarray(src * inSize, (src + 1) * inSize), dst * inCols + inOffset);
          params[`weight_hh_l${l}`].set(m.params[`weight_hh_l${l}`].subarray(src * h, (src + 1) * h), dst * H + o);
          params[`bias_ih_l${l}`][dst] = m.params[`bias_ih_l${l}`][src];
          params[`bias_hh_l${l}`][dst] = m.params[`bias_hh_l${l}`][src];
        }
      }
    }
    const C = first.labels.length;
    for (let c = 0; c < C; c++) {
      for (let j = 0; j < h; j++) params[HEAD_WEIGHT][c * H + o + j] = m.params[HEAD_WEIGHT][c * h + j] / models.length;
      params[HEAD_BIAS][c] += m.params[HEAD_BIAS][c] / models.length;
    }
  });
  return { meta, params };
}
