import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { createModel, type Model } from '../src/recurrent/model.js';
import { ensembleModels } from '../src/recurrent/ensembleModels.js';
import { Network } from '../src/recurrent/Network.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import type { CellType, ModelMeta } from '../src/types.js';

function member(cell: CellType, hiddenSize: number, seed: number, numLayers = 2): Model {
  const meta: ModelMeta = {
    format: 'framewise-model',
    version: 1,
    cell,
    inputSize: 5,
    hiddenSize,
    numLayers,
    delay: 1,
    labels: ['a', 'b', 'c'],
    feature: { name: 'fw-v2', width: 128, height: 72, dim: 5, mean: [0, 1, 0, 0, 2], std: [1, 2, 1, 1, 3] },
  };
  return createModel(meta, seed);
}

/** Probabilities of every step of a fixed random sequence. */
function run(model: Model): Float32Array[] {
  const runner = new StreamRunner(model);
  let s = 5;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 6 - 3;
  return Array.from({ length: 40 }, () => Float32Array.from(runner.step(Float32Array.from({ length: 5 }, rnd))));
}

describe('ensembleModels', () => {
  for (const cell of ['gru', 'lstm', 'rnn'] as const) {
    it(`a ${cell} ensemble outputs the softmax of its members' mean logits, step after step`, () => {
      const members = [member(cell, 6, 1), member(cell, 4, 2), member(cell, 6, 3)];
      const ensemble = ensembleModels(members);
      expect(ensemble.meta.hiddenSize).toBe(16);
      const got = run(ensemble);
      const each = members.map(run);
      got.forEach((p, t) => {
        // Mean of log-probabilities = mean logits minus a constant, which the softmax removes.
        const mean = p.map((_, c) => each.reduce((a, m) => a + Math.log(m[t][c]), 0) / members.length);
        const z = mean.reduce((a, v) => a + Math.exp(v), 0);
        p.forEach((v, c) => expect(v).toBeCloseTo(Math.exp(mean[c]) / z, 5));
      });
    });
  }

  it('skipping the zero blocks of the weights changes no bit of the output', () => {
    const ensemble = ensembleModels([member('gru', 8, 1), member('gru', 4, 2)]);
    const m = ensemble.meta;
    const shape = { cell: m.cell, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, outputSize: m.labels.length };
    const plain = new Network(shape, ensemble.params, 1, 1);
    const frozen = new Network(shape, ensemble.params, 1, 1);
    frozen.skipZeroSpans();
    let s = 9;
    for (let t = 0; t < 30; t++) {
      const x = Float32Array.from({ length: m.inputSize }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 4 - 2);
      expect(Array.from(frozen.forward(1, x, null, null))).toEqual(Array.from(plain.forward(1, x, null, null)));
    }
  });

  it('fine-tuning an ensemble with its zero blocks skipped: same logits, same gradient for every non-zero weight', () => {
    const ensemble = ensembleModels([member('gru', 8, 1), member('gru', 4, 2)]);
    const m = ensemble.meta;
    const shape = { cell: m.cell, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, outputSize: m.labels.length };
    // 7 steps of 5 lanes: both the four-row and the one-row paths of the kernels run.
    const [T, B] = [7, 5];
    const plain = new Network(shape, ensemble.params, T, B);
    const skipping = new Network(shape, ensemble.params, T, B);
    skipping.skipZeroSpans();
    let s = 3;
    const x = Float32Array.from({ length: T * B * m.inputSize }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 4 - 2);
    const d = Float32Array.from({ length: T * B * shape.outputSize }, (_, i) => Math.sin(i));
    const logits: number[][] = [];
    const gradsOf = (net: Network) => {
      logits.push(Array.from(net.forward(T, x, null, null)));
      const grads = Object.fromEntries(Object.entries(ensemble.params).map(([k, v]) => [k, new Float32Array(v.length)]));
      net.backward(d, grads);
      return grads;
    };
    const want = gradsOf(plain);
    const got = gradsOf(skipping);
    expect(logits[1]).toEqual(logits[0]);
    let skipped = 0;
    for (const [name, w] of Object.entries(ensemble.params)) {
      for (let i = 0; i < w.length; i++) {
        if (w[i] !== 0) expect(got[name][i], `${name}[${i}]`).toBe(want[name][i]);
        else if (got[name][i] === 0 && want[name][i] !== 0) skipped++;
      }
    }
    // The off-diagonal blocks were skipped (their gradients are not used: those weights stay zero).
    expect(skipped).toBeGreaterThan(0);
    expect(Array.from(skipping.dState.h[0])).toEqual(Array.from(plain.dState.h[0]));
  });

  it('refuses members of different recipes', () => {
    expect(() => ensembleModels([member('gru', 4, 1), member('lstm', 4, 2)])).toThrow(/differ in cell/);
    expect(() => ensembleModels([member('gru', 4, 1), member('gru', 4, 2, 1)])).toThrow(UsageError);
    expect(() => ensembleModels([])).toThrow(UsageError);
    const other = member('gru', 4, 2);
    other.meta.feature = { ...other.meta.feature, name: 'fw-v3' };
    expect(() => ensembleModels([member('gru', 4, 1), other])).toThrow(/differ in feature extractor/);
  });

  it('takes members normalised otherwise (trained on other folders) into the first one\'s normalisation', () => {
    const first = member('gru', 6, 1);
    const twin = member('gru', 4, 2);
    // Another member's mean and spread, of the sizes that differ between training sets.
    twin.meta.feature = { ...twin.meta.feature, mean: [0.4, 0.7, -0.2, 0.1, 2.6], std: [1.3, 1.5, 0.8, 1, 2.2] };
    const ensemble = ensembleModels([first, twin]);
    expect(ensemble.meta.feature).toEqual(first.meta.feature);
    const got = run(ensemble);
    const each = [first, twin].map(run);
    got.forEach((p, t) => {
      const mean = p.map((_, c) => (Math.log(each[0][t][c]) + Math.log(each[1][t][c])) / 2);
      const z = mean.reduce((a, v) => a + Math.exp(v), 0);
      p.forEach((v, c) => expect(v).toBeCloseTo(Math.exp(mean[c]) / z, 5));
    });
  });
});
