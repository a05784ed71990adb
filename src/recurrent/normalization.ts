/**
 * Per-dimension mean and (population) standard deviation over all frames of all sequences, accumulated in
 * float64. The std is floored so that constant features normalise to 0 instead of dividing by zero.
 */
export function computeNormalization(
  seqs: Float32Array[] /*each [T*dim]*/,
  dim: number,
  floor = 1e-3,
): { mean: number[]; std: number[] } {
  const sum = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let n = 0;
  for (const s of seqs) {
    if (s.length % dim !== 0) throw new Error(`sequence length ${s.length} is not a multiple of dim ${dim}`);
    for (let o = 0; o < s.length; o += dim) {
      for (let i = 0; i < dim; i++) sum[i] += s[o + i];
    }
    n += s.length / dim;
  }
  const mean = Array.from(sum, (v) => (n > 0 ? v / n : 0));
  for (const s of seqs) {
    for (let o = 0; o < s.length; o += dim) {
      for (let i = 0; i < dim; i++) {
        const d = s[o + i] - mean[i];
        sq[i] += d * d;
      }
    }
  }
  const std = Array.from(sq, (v) => Math.max(floor, n > 0 ? Math.sqrt(v / n) : 1));
  return { mean, std };
}
