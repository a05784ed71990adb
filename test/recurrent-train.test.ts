import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CellType, FeatureVector, ModelMeta } from '../src/types.js';
import { computeNormalization } from '../src/recurrent/normalization.js';
import { recurrentLabel } from '../src/recurrent/recurrentLabel.js';
import { Rng } from '../src/recurrent/rng.js';
import { trainModel, type EpochProgress, type Sequence } from '../src/recurrent/trainModel.js';
import { ensembleModels } from '../src/recurrent/ensembleModels.js';

const SYMBOLS = 3;

/** Random symbols, one-hot (+ a constant offset, so normalisation has work to do); target from `shift` steps away. */
function makeSeqs(n: number, T: number, seed: number, shift: number): Sequence[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const sym = Int32Array.from({ length: T }, () => rng.int(SYMBOLS));
    const inputs = new Float32Array(T * SYMBOLS);
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < SYMBOLS; i++) inputs[t * SYMBOLS + i] = 5 + (sym[t] === i ? 2 : 0);
    }
    const targets = Int32Array.from({ length: T }, (_, t) => sym[Math.min(T - 1, Math.max(0, t + shift))]);
    return { inputs, targets };
  });
}

function metaFor(cell: CellType, train: Sequence[], delay: number, hiddenSize = 16): ModelMeta {
  const { mean, std } = computeNormalization(train.map((s) => s.inputs), SYMBOLS);
  return {
    format: 'framewise-model',
    version: 1,
    cell,
    inputSize: SYMBOLS,
    hiddenSize,
    numLayers: 1,
    delay,
    labels: ['a', 'b', 'c'],
    feature: { name: 'synthetic', width: 1, height: 1, dim: SYMBOLS, mean, std },
  };
}

const OPTS = { epochs: 12, chunk: 16, batch: 8, lr: 0.02, seed: 3 };

describe('trainModel on a task that needs memory (label = symbol seen 2 steps earlier)', () => {
  const train = makeSeqs(24, 100, 1, -2);
  const val = makeSeqs(6, 100, 2, -2);

  it.each(['gru', 'lstm', 'rnn'] as const)('%s reaches near-perfect validation accuracy; the memoryless ablation cannot', (cell) => {
    const lines: EpochProgress[] = [];
    const { model, history } = trainModel(metaFor(cell, train, 0), train, val, { ...OPTS, onEpoch: (p) => lines.push(p) });
    expect(lines).toEqual(history);
    expect(history[0].epoch).toBe(1);
    const bestAcc = Math.max(...history.map((h) => h.valAccuracy));
    expect(bestAcc).toBeGreaterThan(0.98);
    expect(model.meta.training?.valAccuracy).toBe(bestAcc);

    const baseline = trainModel(metaFor(cell, train, 0), train, val, { ...OPTS, memoryless: true });
    const baseAcc = Math.max(...baseline.history.map((h) => h.valAccuracy));
    expect(baseAcc).toBeLessThan(0.5);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const o = { ...OPTS, epochs: 2, dropout: 0.2 };
    const a = trainModel(metaFor('gru', train, 0), train, val, o);
    const b = trainModel(metaFor('gru', train, 0), train, val, o);
    const c = trainModel(metaFor('gru', train, 0), train, val, { ...o, seed: 4 });
    expect(Array.from(a.model.params.weight_hh_l0)).toEqual(Array.from(b.model.params.weight_hh_l0));
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
    expect(Array.from(a.model.params.weight_hh_l0)).not.toEqual(Array.from(c.model.params.weight_hh_l0));
  });

  it('trains the same with its products in WebAssembly as in JavaScript (every cell, two layers, input noise, fine-tuning)', () => {
    const o = { ...OPTS, epochs: 3, inputNoise: 0.2 };
    for (const cell of ['gru', 'lstm', 'rnn'] as const) {
      const meta = { ...metaFor(cell, train, 1), numLayers: 2 };
      const js = trainModel(meta, train, val, { ...o, wasm: false });
      const fast = trainModel(meta, train, val, o);
      expect(fast.history.map((h) => [h.loss, h.valLoss])).toEqual(js.history.map((h) => [h.loss, h.valLoss]));
      for (const [name, w] of Object.entries(js.model.params)) expect(Array.from(fast.model.params[name]), `${cell} ${name}`).toEqual(Array.from(w));
    }
    // Fine-tuning a block-diagonal ensemble: its zero blocks are skipped (spans), their gradients through JavaScript.
    const members = [1, 2].map((seed) => trainModel(metaFor('gru', train, 0), train, val, { ...OPTS, epochs: 1, seed }).model);
    const ensemble = ensembleModels(members);
    const tuneJs = trainModel(ensemble.meta, train, val, { ...o, init: ensemble, wasm: false });
    const tune = trainModel(ensemble.meta, train, val, { ...o, init: ensemble });
    for (const [name, w] of Object.entries(tuneJs.model.params)) expect(Array.from(tune.model.params[name]), `ensemble ${name}`).toEqual(Array.from(w));
  });

  it('input noise regularises training only: validation sees clean inputs, 0 is the same as none, runs repeat', () => {
    // lr 0: the weights never move, so any difference comes from the inputs each pass sees.
    const frozen = { ...OPTS, epochs: 2, lr: 0, schedule: 'constant' as const };
    const clean = trainModel(metaFor('gru', train, 0), train, val, frozen);
    const zero = trainModel(metaFor('gru', train, 0), train, val, { ...frozen, inputNoise: 0 });
    const noisy = trainModel(metaFor('gru', train, 0), train, val, { ...frozen, inputNoise: 0.5 });
    expect(zero.history).toEqual(clean.history.map((h, i) => ({ ...h, seconds: zero.history[i].seconds })));
    expect(noisy.history.map((h) => h.valLoss)).toEqual(clean.history.map((h) => h.valLoss));
    expect(noisy.history[0].loss).not.toBe(clean.history[0].loss);

    const o = { ...OPTS, epochs: 2, inputNoise: 0.3 };
    const a = trainModel(metaFor('gru', train, 0), train, val, o);
    const b = trainModel(metaFor('gru', train, 0), train, val, o);
    const c = trainModel(metaFor('gru', train, 0), train, val, { ...o, inputNoise: 0 });
    expect(Array.from(a.model.params.weight_hh_l0)).toEqual(Array.from(b.model.params.weight_hh_l0));
    expect(Array.from(a.model.params.weight_hh_l0)).not.toEqual(Array.from(c.model.params.weight_hh_l0));
    expect(() => trainModel(metaFor('gru', train, 0), train, val, { ...o, inputNoise: -1 })).toThrow(/inputNoise must be 0 or more/);
  });

  it('draws standard normal noise', () => {
    const rng = new Rng(9);
    const v = Array.from({ length: 20000 }, () => rng.normal());
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(v.filter((x) => Math.abs(x) > 1.96).length / v.length).toBeCloseTo(0.05, 2);
  });

  it('still learns the memory task with input noise', () => {
    const { history } = trainModel(metaFor('gru', train, 0), train, val, { ...OPTS, inputNoise: 0.3 });
    expect(Math.max(...history.map((h) => h.valAccuracy))).toBeGreaterThan(0.98);
  });

  it('fine-tunes from init and keeps its zero weights at zero: an ensemble stays block-diagonal', () => {
    const meta = metaFor('gru', train, 0, 4);
    const members = [1, 2].map((seed) => trainModel(meta, train, val, { ...OPTS, epochs: 1, seed }).model);
    const init = ensembleModels(members);
    const zeros = init.params['weight_hh_l0'].reduce((n, w) => n + (w === 0 ? 1 : 0), 0);
    expect(zeros).toBe(3 * 8 * 8 / 2); // the two off-diagonal 4×4 blocks of each of the three gates
    const { model } = trainModel(init.meta, train, val, { ...OPTS, epochs: 2, init });
    const before = init.params['weight_hh_l0'];
    const after = model.params['weight_hh_l0'];
    let moved = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === 0) expect(after[i]).toBe(0);
      else if (after[i] !== before[i]) moved++;
    }
    expect(moved).toBe(before.length - zeros);
    // The init itself is left as it was.
    expect(init.params['weight_hh_l0']).toEqual(ensembleModels(members).params['weight_hh_l0']);
  });

  it('refuses non-finite inputs and out-of-range targets, naming the sequence and frame', () => {
    const bad = makeSeqs(1, 10, 1, 0)[0];
    const nan = { ...bad, inputs: bad.inputs.slice() };
    nan.inputs[7] = NaN;
    expect(() => trainModel(metaFor('gru', train, 0), [...train, nan], val, OPTS)).toThrow(/training sequence 24: non-finite feature value at frame 2, feature 1/);
    const outOfRange = { ...bad, targets: bad.targets.map((_, t) => (t === 4 ? 3 : 0)) };
    expect(() => trainModel(metaFor('gru', train, 0), train, [outOfRange], OPTS)).toThrow(/validation sequence 0: target 3 at frame 4/);
  });

  it('stops early when validation macro-F1 stops improving and keeps the best epoch', () => {
    // A constant learning rate of 0 never improves after epoch 1.
    const { model, history } = trainModel(metaFor('gru', train, 0), train, val, { ...OPTS, lr: 0, schedule: 'constant', epochs: 10, patience: 2 });
    expect(history.length).toBe(3);
    expect(model.meta.training?.bestEpoch).toBe(1);
  });
});

describe('output delay: look-ahead trained and streamed with the same convention', () => {
  // Label = symbol 2 steps AHEAD: impossible causally, trivial with a delay of 2 frames.
  const train = makeSeqs(24, 100, 5, +2);
  const val = makeSeqs(6, 100, 6, +2);

  it('delay 2 learns it (even memoryless), delay 0 cannot; recurrentLabel emits every frame aligned', async () => {
    const noDelay = trainModel(metaFor('gru', train, 0), train, val, { ...OPTS, memoryless: true, epochs: 4 });
    expect(Math.max(...noDelay.history.map((h) => h.valAccuracy))).toBeLessThan(0.5);

    const { model } = trainModel(metaFor('gru', train, 2), train, val, OPTS);
    expect(model.meta.training?.valAccuracy).toBeGreaterThan(0.98);

    const test = makeSeqs(1, 60, 9, +2)[0];
    const frames: FeatureVector[] = Array.from({ length: 60 }, (_, t) => ({
      index: t,
      time: t / 25,
      decodedAt: t,
      values: test.inputs.slice(t * SYMBOLS, (t + 1) * SYMBOLS),
    }));
    const out = await lastValueFrom(from(frames).pipe(recurrentLabel(model), toArray()));
    expect(out.map((s) => s.index)).toEqual(frames.map((f) => f.index));
    expect(out.map((s) => s.time)).toEqual(frames.map((f) => f.time));
    const argmax = (p: Float32Array): number => p.indexOf(Math.max(...p));
    const correct = out.filter((s, t) => argmax(s.probs) === test.targets[t]).length;
    expect(correct / 60).toBeGreaterThan(0.95);
  });
});
