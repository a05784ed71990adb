import type { ModelMeta } from '../types.js';
import { cellKernel } from './cells/cellKernel.js';
import { Rng } from './rng.js';

/** A model: its architecture and labels (meta) and its weights, named and laid out as in PyTorch. */
export interface Model {
  meta: ModelMeta;
  /** Weights by PyTorch name; shapes as listed by paramShapes(meta) (row-major). */
  params: Record<string, Float32Array>;
}

/** Name of the output head's weight [labels, hidden] and bias [labels] (our convention; see the README, "Model files and PyTorch"). */
export const HEAD_WEIGHT = 'head.weight';
export const HEAD_BIAS = 'head.bias';

/**
 * The tensors a model of this architecture has, in file order:
 * weight_ih_l{k} [G·H, in_k], weight_hh_l{k} [G·H, H], bias_ih_l{k} [G·H], bias_hh_l{k} [G·H] for each layer k
 * (in_0 = inputSize, else H; G = 1 rnn, 3 gru, 4 lstm), then head.weight [C, H] and head.bias [C].
 */
export function paramShapes(meta: Pick<ModelMeta, 'cell' | 'inputSize' | 'hiddenSize' | 'numLayers' | 'labels'>): Array<{ name: string; shape: number[] }> {
  const G = cellKernel(meta.cell).gates;
  const H = meta.hiddenSize;
  const out: Array<{ name: string; shape: number[] }> = [];
  for (let l = 0; l < meta.numLayers; l++) {
    const inSize = l === 0 ? meta.inputSize : H;
    out.push({ name: `weight_ih_l${l}`, shape: [G * H, inSize] });
    out.push({ name: `weight_hh_l${l}`, shape: [G * H, H] });
    out.push({ name: `bias_ih_l${l}`, shape: [G * H] });
    out.push({ name: `bias_hh_l${l}`, shape: [G * H] });
  }
  out.push({ name: HEAD_WEIGHT, shape: [meta.labels.length, H] });
  out.push({ name: HEAD_BIAS, shape: [meta.labels.length] });
  return out;
}

/** A fresh model with PyTorch-like initialisation: every tensor U(-1/√H, 1/√H) (also the head, whose fan-in is H). */
export function createModel(meta: ModelMeta, seed: number): Model {
  const rng = new Rng(seed);
  const k = 1 / Math.sqrt(meta.hiddenSize);
  const params: Record<string, Float32Array> = {};
  for (const { name, shape } of paramShapes(meta)) {
    const a = new Float32Array(shape.reduce((p, d) => p * d, 1));
    for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-k, k);
    params[name] = a;
  }
  return { meta, params };
}
