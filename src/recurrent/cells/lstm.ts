import type { CellKernel } from './cell.js';
import type { Vec } from '../tensor.js';

/**
 * LSTM as in PyTorch nn.LSTM (gate order i, f, g, o; both bias vectors):
 *   i = σ(·), f = σ(·), g = tanh(·), o = σ(·)   of  W_ih x + b_ih + W_hh h + b_hh
 *   c' = f ⊙ c + i ⊙ g
 *   h' = o ⊙ tanh(c')
 * Cache per unit: i, f, g, o, tanh(c').
 */
export const lstmCell: CellKernel = {
  type: 'lstm',
  gates: 4,
  cacheWidth: 5,
  hasCell: true,
  forward(B: number, H: number, gi: Vec, gh: Vec, _hPrev: Vec, cPrev: Vec, hOut: Vec, cOut: Vec, cache: Vec): void {
    const H2 = 2 * H;
    const H3 = 3 * H;
    const H4 = 4 * H;
    for (let b = 0; b < B; b++) {
      const a = b * H4;
      const k = b * 5 * H;
      const s = b * H;
      for (let j = 0; j < H; j++) {
        const i = 1 / (1 + Math.exp(-(gi[a + j] + gh[a + j])));
        const f = 1 / (1 + Math.exp(-(gi[a + H + j] + gh[a + H + j])));
        const g = Math.tanh(gi[a + H2 + j] + gh[a + H2 + j]);
        const o = 1 / (1 + Math.exp(-(gi[a + H3 + j] + gh[a + H3 + j])));
        const c = f * cPrev[s + j] + i * g;
        const tc = Math.tanh(c);
        cOut[s + j] = c;
        hOut[s + j] = o * tc;
        cache[k + j] = i;
        cache[k + H + j] = f;
        cache[k + H2 + j] = g;
        cache[k + H3 + j] = o;
        cache[k + H4 + j] = tc;
      }
    }
  },
  backward(B: number, H: number, dh: Vec, dc: Vec, _hPrev: Vec, cPrev: Vec, cache: Vec, dgi: Vec, dgh: Vec, dhPrev: Vec, dcPrev: Vec): void {
    const H2 = 2 * H;
    const H3 = 3 * H;
    const H4 = 4 * H;
    for (let b = 0; b < B; b++) {
      const a = b * H4;
      const k = b * 5 * H;
      const s = b * H;
      for (let j = 0; j < H; j++) {
        const i = cache[k + j];
        const f = cache[k + H + j];
        const g = cache[k + H2 + j];
        const o = cache[k + H3 + j];
        const tc = cache[k + H4 + j];
        const d = dh[s + j];
        const dct = dc[s + j] + d * o * (1 - tc * tc);
        const di = dct * g * i * (1 - i);
        const df = dct * cPrev[s + j] * f * (1 - f);
        const dg = dct * i * (1 - g * g);
        const dO = d * tc * o * (1 - o);
        dgi[a + j] = di;
        dgh[a + j] = di;
        dgi[a + H + j] = df;
        dgh[a + H + j] = df;
        dgi[a + H2 + j] = dg;
        dgh[a + H2 + j] = dg;
        dgi[a + H3 + j] = dO;
        dgh[a + H3 + j] = dO;
        dcPrev[s + j] = dct * f;
        dhPrev[s + j] = 0;
      }
    }
  },
};
