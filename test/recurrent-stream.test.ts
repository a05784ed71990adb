import { EMPTY, from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../src/errors.js';
import type { CellType, FeatureVector, ModelMeta } from '../src/types.js';
import { softmaxInto } from '../src/recurrent/loss.js';
import { createModel, type Model } from '../src/recurrent/model.js';
import { Network } from '../src/recurrent/Network.js';
import { recurrentLabel } from '../src/recurrent/recurrentLabel.js';
import { Rng } from '../src/recurrent/rng.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';

const I = 6;
const C = 4;

function model(cell: CellType, delay = 0): Model {
  const rng = new Rng(11);
  const meta: ModelMeta = {
    format: 'framewise-model',
    version: 1,
    cell,
    inputSize: I,
    hiddenSize: 10,
    numLayers: 2,
    delay,
    labels: ['w', 'x', 'y', 'z'],
    feature: {
      name: 'test',
      width: 1,
      height: 1,
      dim: I,
      mean: Array.from({ length: I }, () => rng.uniform(-1, 1)),
      std: Array.from({ length: I }, () => rng.uniform(0.5, 2)),
    },
  };
  // Larger weights than the default init so the state matters and errors would show.
  const m = createModel(meta, 5);
  for (const p of Object.values(m.params)) for (let i = 0; i < p.length; i++) p[i] *= 3;
  return m;
}

function inputs(T: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: T }, () => Float32Array.from({ length: I }, () => rng.uniform(-3, 3)));
}

const shapeOf = (m: Model) => ({ cell: m.meta.cell, inputSize: I, hiddenSize: m.meta.hiddenSize, numLayers: m.meta.numLayers, outputSize: C });

function normalised(m: Model, xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs.length * I);
  xs.forEach((x, t) => x.forEach((v, i) => (out[t * I + i] = (v - m.meta.feature.mean[i]) / m.meta.feature.std[i])));
  return out;
}

function probsOf(logits: Float32Array | Float64Array, T: number): number[][] {
  return Array.from({ length: T }, (_, t) => {
    const p = new Float32Array(C);
    softmaxInto(C, logits, t * C, p);
    return Array.from(p);
  });
}

function expectClose(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let t = 0; t < a.length; t++) for (let c = 0; c < C; c++) worst = Math.max(worst, Math.abs(a[t][c] - b[t][c]));
  expect(worst).toBeLessThan(1e-5);
}

describe.each(['rnn', 'gru', 'lstm'] as const)('%s stateful streaming', (cell) => {
  const m = model(cell);
  const xs = inputs(37, 1);
  const x = normalised(m, xs);
  const whole = probsOf(new Network(shapeOf(m), m.params, 37, 1).forward(37, x, null, null), 37);

  it('chunks with the state carried give the same outputs as one pass', () => {
    const net = new Network(shapeOf(m), m.params, 8, 1);
    const chunked: number[][] = [];
    for (let s = 0; s < 37; s += 8) {
      const n = Math.min(8, 37 - s);
      chunked.push(...probsOf(net.forward(n, x.subarray(s * I, (s + n) * I), null, null), n));
    }
    expectClose(chunked, whole);
    // Without the carried state the outputs differ: the state is really used.
    const fresh = new Network(shapeOf(m), m.params, 8, 1);
    const restarted = probsOf(fresh.forward(5, x.subarray(32 * I), null, null), 5);
    expect(Math.max(...restarted.flatMap((p, t) => p.map((v, c) => Math.abs(v - whole[32 + t][c]))))).toBeGreaterThan(1e-3);
  });

  it('StreamRunner step by step (raw features) matches one pass; resetState starts over', () => {
    const runner = new StreamRunner(m);
    const stepped = xs.map((v) => Array.from(runner.step(v)));
    expectClose(stepped, whole);
    runner.resetState();
    expectClose(xs.map((v) => Array.from(runner.step(v))), whole);
  });
});

describe('StreamRunner robustness', () => {
  it('reads a non-finite feature as the mean instead of poisoning the state', () => {
    const m = model('gru');
    const a = new StreamRunner(m);
    const b = new StreamRunner(m);
    const bad = Float32Array.from({ length: I }, (_, i) => (i === 2 ? NaN : 1));
    const meanAt2 = Float32Array.from(bad, (v, i) => (i === 2 ? m.meta.feature.mean[2] : v));
    expect(Array.from(a.step(bad))).toEqual(Array.from(b.step(meanAt2)));
    const next = inputs(5, 8).map((x) => [Array.from(a.step(x)), Array.from(b.step(x))]);
    for (const [p, q] of next) {
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p).toEqual(q);
    }
  });
});

describe('recurrentLabel', () => {
  const frames = (xs: Float32Array[]): FeatureVector[] => xs.map((values, t) => ({ index: 100 + t, time: t * 0.04, decodedAt: 1000 + t, values }));

  it('with delay D emits frame k−D after input k, flushes D frames at the end with the last input', async () => {
    const D = 3;
    const m = model('gru', D);
    const xs = inputs(20, 2);
    const out = await lastValueFrom(from(frames(xs)).pipe(recurrentLabel(m), toArray()));
    expect(out.map((s) => s.index)).toEqual(xs.map((_, t) => 100 + t));
    expect(out.map((s) => s.decodedAt)).toEqual(xs.map((_, t) => 1000 + t));
    const runner = new StreamRunner(m);
    const padded = [...xs, xs[19], xs[19], xs[19]];
    const expected = padded.map((v) => Array.from(runner.step(v))).slice(D);
    expectClose(out.map((s) => Array.from(s.probs)), expected);
  });

  it('each subscription has its own state; short and empty streams complete', async () => {
    const m = model('lstm', 3);
    const src = from(frames(inputs(12, 3))).pipe(recurrentLabel(m));
    const [a, b] = await Promise.all([lastValueFrom(src.pipe(toArray())), lastValueFrom(src.pipe(toArray()))]);
    expect(a.map((s) => Array.from(s.probs))).toEqual(b.map((s) => Array.from(s.probs)));
    // Probabilities are copies, not views of the runner's buffer.
    expect(a[0].probs).not.toEqual(a[1].probs);
    const short = await lastValueFrom(from(frames(inputs(2, 4))).pipe(recurrentLabel(m), toArray()));
    expect(short.map((s) => s.index)).toEqual([100, 101]);
    const none = await lastValueFrom(EMPTY.pipe(recurrentLabel(m), toArray()));
    expect(none).toEqual([]);
  });

  it('a feature vector of the wrong size is a ModelError', async () => {
    const m = model('rnn');
    const bad: FeatureVector = { index: 0, time: 0, decodedAt: 0, values: new Float32Array(I + 1) };
    await expect(lastValueFrom(from([bad]).pipe(recurrentLabel(m)))).rejects.toBeInstanceOf(ModelError);
  });
});
