/** Regularises correlations so that two uniform pictures correlate at 1 instead of 0/0. */
const CORR_EPS = 1e-4;

/** Correlation from a covariance and two variances, regularised, clamped to [-1, 1]. */
export function correlation(cov: number, va: number, vb: number): number {
  const r = (cov + CORR_EPS) / Math.sqrt((va + CORR_EPS) * (vb + CORR_EPS));
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
