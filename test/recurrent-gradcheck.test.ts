import { describe, expect, it } from 'vitest';
import type { CellType } from '../src/types.js';
import type { CellKernel } from '../src/recurrent/cells/cell.js';
import { gruCell } from '../src/recurrent/cells/gru.js';
import { gradCheck, type GradCheckCase } from '../src/recurrent/gradCheck.js';
import { paramShapes } from '../src/recurrent/model.js';
import { Rng } from '../src/recurrent/rng.js';

function makeCase(cell: CellType, numLayers: number, opts: { dropout?: number; resets?: boolean } = {}): GradCheckCase {
  const rng = new Rng(cell.length * 31 + numLayers);
  const I = 3, H = 4, C = 3, T = 5, B = 2;
  const shape = { cell, inputSize: I, hiddenSize: H, numLayers, outputSize: C };
  const labels = ['a', 'b', 'c'];
  const params: Record<string, Float64Array> = {};
  for (const { name, shape: s } of paramShapes({ ...shape, labels })) {
    params[name] = Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.uniform(-0.8, 0.8));
  }
  const rand = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  const targets = Int32Array.from({ length: T * B }, (_, i) => (i === 1 ? -1 : rng.int(C)));
  const resets = opts.resets ? Uint8Array.from({ length: T * B }, (_, i) => (i === 2 * B + 1 ? 1 : 0)) : null;
  return {
    shape, params, T, B,
    x: rand(T * B * I),
    targets,
    classWeights: [1, 2.5, 0.5],
    resets,
    h0: Array.from({ length: numLayers }, () => rand(B * H)),
    c0: Array.from({ length: numLayers }, () => rand(B * H)),
    dropout: opts.dropout ?? 0,
    dropoutSeed: 7,
  };
}

function expectClose(c: GradCheckCase): void {
  const results = gradCheck(c);
  const expected = Object.keys(c.params).length + c.shape.numLayers * (c.shape.cell === 'lstm' ? 2 : 1);
  expect(results.length).toBe(expected);
  const worst = Math.max(...results.map((r) => r.maxRelError));
  console.log(`${c.shape.cell} x${c.shape.numLayers}: worst relative error ${worst.toExponential(2)}`);
  for (const r of results) {
    // The message names the failing tensor and its worst element.
    expect(r.maxRelError, `${r.name}[${r.worstIndex}]: analytic ${r.analytic} vs numeric ${r.numeric}`).toBeLessThan(1e-4);
  }
}

describe.each(['rnn', 'gru', 'lstm'] as const)('%s gradients match finite differences (float64)', (cell) => {
  it('single layer + head, every parameter and the initial state', () => {
    expectClose(makeCase(cell, 1));
  });
  it('two stacked layers with dropout between them, a lane reset mid-chunk, + head', () => {
    expectClose(makeCase(cell, 2, { dropout: 0.3, resets: true }));
  });
});

describe('gradient check', () => {
  it('fails on a subtly wrong backward and names the tensors it affects', () => {
    // A GRU whose backward under-reports the update-gate gradient by 1%.
    const faulty: CellKernel = {
      ...gruCell,
      backward(B, H, dh, dc, hPrev, cPrev, cache, dgi, dgh, dhPrev, dcPrev) {
        gruCell.backward(B, H, dh, dc, hPrev, cPrev, cache, dgi, dgh, dhPrev, dcPrev);
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < H; j++) {
            dgi[b * 3 * H + H + j] *= 0.99;
            dgh[b * 3 * H + H + j] *= 0.99;
          }
        }
      },
    };
    const results = gradCheck(makeCase('gru', 1), { kernel: faulty });
    const failing = results.filter((r) => r.maxRelError >= 1e-4).map((r) => r.name);
    expect(failing).toEqual(expect.arrayContaining(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'h0_l0']));
    expect(failing).not.toContain('head.weight');
  });
});
