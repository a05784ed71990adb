import type { Vec } from './tensor.js';

/**
 * Softmax cross-entropy over R rows of C logits, as PyTorch's CrossEntropyLoss(weight, reduction='mean'):
 * loss = Σ_r w[y_r]·(−log p_r[y_r]) / Σ_r w[y_r]. Rows with target < 0 carry no loss (masked).
 * If dLogits is given, it receives dloss/dlogits (zero on masked rows).
 * Returns the mean loss and the total weight (0 when every row is masked; then the loss is 0).
 */
export function softmaxCrossEntropy(
  R: number,
  C: number,
  logits: Vec /*[R, C]*/,
  targets: Int32Array /*[R] class index or -1*/,
  classWeights: ArrayLike<number> | null /*[C]*/,
  dLogits: Vec | null /*[R, C] out*/,
): { loss: number; weight: number } {
  let total = 0;
  for (let r = 0; r < R; r++) {
    const y = targets[r];
    if (y >= 0) total += classWeights === null ? 1 : classWeights[y];
  }
  const scale = total > 0 ? 1 / total : 0;
  let loss = 0;
  for (let r = 0; r < R; r++) {
    const o = r * C;
    const y = targets[r];
    if (y < 0) {
      if (dLogits !== null) dLogits.fill(0, o, o + C);
      continue;
    }
    const w = classWeights === null ? 1 : classWeights[y];
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (logits[o + c] > m) m = logits[o + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(logits[o + c] - m);
    const logZ = m + Math.log(s);
    loss += w * (logZ - logits[o + y]);
    if (dLogits !== null) {
      const ws = w * scale;
      for (let c = 0; c < C; c++) dLogits[o + c] = ws * Math.exp(logits[o + c] - logZ);
      dLogits[o + y] -= ws;
    }
  }
  return { loss: loss * scale, weight: total };
}

/** In-place softmax of one row: probs[c] = exp(logits[c]) / Σ exp. */
export function softmaxInto(C: number, logits: Vec, offset: number, probs: Vec): void {
  softmaxIntoAt(C, logits, offset, probs, 0);
}

/** probs[at .. at + C) = softmax(logits[offset .. offset + C)). */
export function softmaxIntoAt(C: number, logits: Vec, offset: number, probs: Vec, at: number): void {
  let m = -Infinity;
  for (let c = 0; c < C; c++) if (logits[offset + c] > m) m = logits[offset + c];
  let s = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(logits[offset + c] - m);
    probs[at + c] = e;
    s += e;
  }
  for (let c = 0; c < C; c++) probs[at + c] /= s;
}
