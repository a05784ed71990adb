import { UsageError } from '../errors.js';
import { cellKernel } from './cells/cellKernel.js';
import { HEAD_BIAS, HEAD_WEIGHT, paramShapes, type Model } from './model.js';

/**
 * Several models of one recipe (same cell, layers, delay, labels and feature extractor; trained with different
 * seeds) → one model whose output logits are the mean of theirs: a seed ensemble that runs, loads and saves like
 * any model. The recurrent layers are laid side by side — hidden size ΣH, each gate's rows model after model,
 * block-diagonal recurrent and inter-layer weights — so every member's units see only its own units and evolve
 * exactly as in the member; the head averages the members' heads.
 *
 * The ensemble normalises its inputs as the first member does. A member trained on other folders normalises them
 * otherwise; its first layer's input weights and biases take the difference (foldNormalisation), so that it sees
 * the inputs it was trained on, up to float32 rounding.
 */
export function ensembleModels(models: readonly Model[]): Model {
  if (models.length === 0) throw new UsageError('E_USAGE', 'an ensemble needs at least one model');
  const first = models[0].meta;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const m of models.slice(1)) {
    const x = m.meta;
    const mismatch = (['cell', 'numLayers', 'delay', 'inputSize', 'labels', 'labelInfo'] as const).find((k) => !same(x[k], first[k]));
    if (mismatch) throw new UsageError('E_USAGE', `ensemble members differ in ${mismatch}`);
    if (!same(extractorOf(x.feature), extractorOf(first.feature))) throw new UsageError('E_USAGE', 'ensemble members differ in feature extractor');
  }
  const G = cellKernel(first.cell).gates;
  const sizes = models.map((m) => m.meta.hiddenSize);
  const H = sizes.reduce((a, b) => a + b, 0);
  // Row (and hidden unit) offset of each member inside a gate block.
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const meta = { ...first, hiddenSize: H, training: { ensemble: models.map((m) => m.meta.training ?? {}) } };
  const params: Record<string, Float32Array> = {};
  for (const { name, shape } of paramShapes(meta)) params[name] = new Float32Array(shape.reduce((p, d) => p * d, 1));

  models.forEach((member, i) => {
    const m = foldNormalisation(member, first.feature);
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

type FeatureMeta = Model['meta']['feature'];

/** What members must share: the extractor, not the normalisation of their training folders. */
function extractorOf({ mean: _mean, std: _std, ...extractor }: FeatureMeta): Omit<FeatureMeta, 'mean' | 'std'> {
  return extractor;
}

/**
 * `m` fed inputs normalised as `to` says. It reads x = (raw − mean) / std; given x' = (raw − to.mean) / to.std,
 * x = x' · to.std / std + (to.mean − mean) / std, so each input weight column scales by to.std / std and the bias
 * takes W · (to.mean − mean) / std. The same model, bit for bit, when the two normalisations are the same.
 */
function foldNormalisation(m: Model, to: FeatureMeta): Model {
  const { mean, std } = m.meta.feature;
  if (mean.every((v, i) => v === to.mean[i]) && std.every((v, i) => v === to.std[i])) return m;
  const G = cellKernel(m.meta.cell).gates;
  const K = m.meta.inputSize;
  const W = m.params.weight_ih_l0; // [G·H, K]
  const b = m.params.bias_ih_l0; // [G·H]
  const folded = new Float32Array(W.length);
  const bias = new Float32Array(b.length);
  for (let r = 0; r < G * m.meta.hiddenSize; r++) {
    let shift = b[r];
    for (let k = 0; k < K; k++) {
      folded[r * K + k] = (W[r * K + k] * to.std[k]) / std[k];
      shift += (W[r * K + k] * (to.mean[k] - mean[k])) / std[k];
    }
    bias[r] = shift;
  }
  return { meta: m.meta, params: { ...m.params, weight_ih_l0: folded, bias_ih_l0: bias } };
}
