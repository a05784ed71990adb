import type { CellKernel } from './cell.js';
import type { Vec } from '../tensor.js';

/**
 * Elman RNN as in PyTorch nn.RNN(nonlinearity='tanh'):
 *   h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 * Cache per unit: h_t (its derivative is 1 - h_t²).
 */
export const rnnCell: CellKernel = {
  type: 'rnn',
  gates: 1,
  cacheWidth: 1,
  hasCell: false,
  forward(B: number, H: number, gi: Vec, gh: Vec, _hPrev: Vec, _cPrev: Vec, hOut: Vec, _cOut: Vec, cache: Vec): void {
    const n = B * H;
    for (let i = 0; i < n; i++) {
      const h = Math.tanh(gi[i] + gh[i]);
      hOut[i] = h;
      cache[i] = h;
    }
  },
  backward(B: number, H: number, dh: Vec, _dc: Vec, _hPrev: Vec, _cPrev: Vec, cache: Vec, dgi: Vec, dgh: Vec, dhPrev: Vec, _dcPrev: Vec): void {
    const n = B * H;
    for (let i = 0; i < n; i++) {
      const h = cache[i];
      const d = dh[i] * (1 - h * h);
      dgi[i] = d;
      dgh[i] = d;
      dhPrev[i] = 0;
    }
  },
};
