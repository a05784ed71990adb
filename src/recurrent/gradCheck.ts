import type { CellKernel } from './cells/cell.js';
import { softmaxCrossEntropy } from './loss.js';
import { Network, type NetworkShape } from './Network.js';
import { Rng } from './rng.js';

export interface GradCheckCase {
  shape: NetworkShape;
  /** float64 parameters by PyTorch name. */
  params: Record<string, Float64Array>;
  T: number;
  B: number;
  x: Float64Array /*[T, B, inputSize]*/;
  targets: Int32Array /*[T, B] class or -1*/;
  classWeights: number[] | null;
  resets: Uint8Array | null /*[T, B]*/;
  /** Initial state per layer: h [B, H] and (lstm) c [B, H]. */
  h0: Float64Array[];
  c0: Float64Array[];
  /** Dropout between layers with a fixed seed, so every evaluation draws the same mask. */
  dropout: number;
  dropoutSeed: number;
}

export interface GradCheckResult {
  /** Parameter name, or `h0_l{k}` / `c0_l{k}` for the initial state. */
  name: string;
  /** max over elements of |analytic − numeric| / max(|analytic| + |numeric|, floor). */
  maxRelError: number;
  worstIndex: number;
  analytic: number;
  numeric: number;
}

function lossOf(c: GradCheckCase, net: Network, dLogits: Float64Array | null): number {
  for (let l = 0; l < c.shape.numLayers; l++) {
    net.state.h[l].set(c.h0[l]);
    net.state.c[l].set(c.c0[l]);
  }
  const drop = c.dropout > 0 ? { p: c.dropout, rng: new Rng(c.dropoutSeed) } : null;
  const logits = net.forward(c.T, c.x, c.resets, drop);
  return softmaxCrossEntropy(c.T * c.B, c.shape.outputSize, logits, c.targets, c.classWeights, dLogits).loss;
}

/**
 * Compare the analytic gradient of the chunk's mean cross-entropy (Network.backward) with central finite
 * differences, for every parameter tensor and the initial state, in float64.
 */
export function gradCheck(c: GradCheckCase, opts: { eps?: number; floor?: number; kernel?: CellKernel } = {}): GradCheckResult[] {
  const eps = opts.eps ?? 1e-5;
  const floor = opts.floor ?? 1e-7;
  const net = new Network(c.shape, c.params, c.T, c.B, opts.kernel);
  const dLogits = new Float64Array(c.T * c.B * c.shape.outputSize);
  lossOf(c, net, dLogits);
  const grads: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(c.params)) grads[k] = new Float64Array(v.length);
  net.backward(dLogits, grads);
  const tensors: Array<{ name: string; value: Float64Array; analytic: Float64Array }> = [];
  for (const [k, v] of Object.entries(c.params)) tensors.push({ name: k, value: v, analytic: grads[k] });
  for (let l = 0; l < c.shape.numLayers; l++) {
    tensors.push({ name: `h0_l${l}`, value: c.h0[l], analytic: Float64Array.from(net.dState.h[l]) });
    if (c.shape.cell === 'lstm') tensors.push({ name: `c0_l${l}`, value: c.c0[l], analytic: Float64Array.from(net.dState.c[l]) });
  }
  const out: GradCheckResult[] = [];
  for (const t of tensors) {
    const r: GradCheckResult = { name: t.name, maxRelError: 0, worstIndex: -1, analytic: 0, numeric: 0 };
    for (let i = 0; i < t.value.length; i++) {
      const keep = t.value[i];
      t.value[i] = keep + eps;
      const up = lossOf(c, net, null);
      t.value[i] = keep - eps;
      const down = lossOf(c, net, null);
      t.value[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const a = t.analytic[i];
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), floor);
      if (rel > r.maxRelError || r.worstIndex < 0) Object.assign(r, { maxRelError: rel, worstIndex: i, analytic: a, numeric });
    }
    out.push(r);
  }
  return out;
}
