import type { CellKernel } from './cell.js';
import type { Vec } from '../tensor.js';

/**
 * GRU as in PyTorch nn.GRU (gate order r, z, n; b_hn stays inside the reset product):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)
 *   z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h' = (1 - z) ⊙ n + z ⊙ h
 * Cache per unit: r, z, n, (W_hn h + b_hn).
 */
export const gruCell: CellKernel = {
  type: 'gru',
  gates: 3,
  cacheWidth: 4,
  hasCell: false,
  forward(B: number, H: number, gi: Vec, gh: Vec, hPrev: Vec, _cPrev: Vec, hOut: Vec, _cOut: Vec, cache: Vec): void {
    const H2 = 2 * H;
    const H3 = 3 * H;
    for (let b = 0; b < B; b++) {
      const g = b * H3;
      const c = b * 4 * H;
      const s = b * H;
      for (let j = 0; j < H; j++) {
        const r = 1 / (1 + Math.exp(-(gi[g + j] + gh[g + j])));
        const z = 1 / (1 + Math.exp(-(gi[g + H + j] + gh[g + H + j])));
        const ghn = gh[g + H2 + j];
        const n = Math.tanh(gi[g + H2 + j] + r * ghn);
        hOut[s + j] = (1 - z) * n + z * hPrev[s + j];
        cache[c + j] = r;
        cache[c + H + j] = z;
        cache[c + H2 + j] = n;
        cache[c + H3 + j] = ghn;
      }
    }
  },
  backward(B: number, H: number, dh: Vec, _dc: Vec, hPrev: Vec, _cPrev: Vec, cache: Vec, dgi: Vec, dgh: Vec, dhPrev: Vec, _dcPrev: Vec): void {
    const H2 = 2 * H;
    const H3 = 3 * H;
    for (let b = 0; b < B; b++) {
      const g = b * H3;
      const c = b * 4 * H;
      const s = b * H;
      for (let j = 0; j < H; j++) {
        const r = cache[c + j];
        const z = cache[c + H + j];
        const n = cache[c + H2 + j];
        const ghn = cache[c + H3 + j];
        const d = dh[s + j];
        const dnPre = d * (1 - z) * (1 - n * n);
        const dzPre = d * (hPrev[s + j] - n) * z * (1 - z);
        const drPre = dnPre * ghn * r * (1 - r);
        dgi[g + j] = drPre;
        dgh[g + j] = drPre;
        dgi[g + H + j] = dzPre;
        dgh[g + H + j] = dzPre;
        dgi[g + H2 + j] = dnPre;
        dgh[g + H2 + j] = dnPre * r;
        dhPrev[s + j] = d * z;
      }
    }
  },
};
