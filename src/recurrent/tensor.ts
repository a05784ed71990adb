/**
 * Dense kernels shared by the cells, the stack and the head. Generic over Float32Array | Float64Array so the
 * same math runs in float32 for speed and in float64 for gradient checks. Matrices are row-major; weights use
 * PyTorch's [out, in] layout, so a forward product is x · Wᵀ.
 */
export type Vec = Float32Array | Float64Array;

/** A new zeroed array of the same element type as `like`. */
export function zerosLike(like: Vec, n: number): Vec {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/**
 * y[r, j] = (accumulate ? y[r, j] : 0) + bias[j] + Σ_k x[r, k] · W[j, k]
 * x: [R, K], W: [N, K], bias: [N] or null, y: [R, N].
 * Two rows at a time so each weight row is loaded once per pair (the batched case is matrix-matrix).
 */
export function matmulNT(R: number, N: number, K: number, x: Vec, W: Vec, bias: Vec | null, y: Vec, accumulate: boolean): void {
  let r = 0;
  for (; r + 1 < R; r += 2) {
    const x0 = r * K;
    const x1 = x0 + K;
    const y0 = r * N;
    const y1 = y0 + N;
    for (let j = 0; j < N; j++) {
      const w = j * K;
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      for (; k + 3 < K; k += 4) {
        const w0 = W[w + k], w1 = W[w + k + 1], w2 = W[w + k + 2], w3 = W[w + k + 3];
        s0 += x[x0 + k] * w0 + x[x0 + k + 1] * w1 + x[x0 + k + 2] * w2 + x[x0 + k + 3] * w3;
        s1 += x[x1 + k] * w0 + x[x1 + k + 1] * w1 + x[x1 + k + 2] * w2 + x[x1 + k + 3] * w3;
      }
      for (; k < K; k++) {
        const wk = W[w + k];
        s0 += x[x0 + k] * wk;
        s1 += x[x1 + k] * wk;
      }
      if (bias !== null) {
        s0 += bias[j];
        s1 += bias[j];
      }
      if (accumulate) {
        y[y0 + j] += s0;
        y[y1 + j] += s1;
      } else {
        y[y0 + j] = s0;
        y[y1 + j] = s1;
      }
    }
  }
  for (; r < R; r++) {
    const x0 = r * K;
    const y0 = r * N;
    for (let j = 0; j < N; j++) {
      const w = j * K;
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      // Two partial sums break the add dependency chain.
      for (; k + 3 < K; k += 4) {
        s0 += x[x0 + k] * W[w + k] + x[x0 + k + 1] * W[w + k + 1];
        s1 += x[x0 + k + 2] * W[w + k + 2] + x[x0 + k + 3] * W[w + k + 3];
      }
      for (; k < K; k++) s0 += x[x0 + k] * W[w + k];
      let s = s0 + s1;
      if (bias !== null) s += bias[j];
      if (accumulate) y[y0 + j] += s;
      else y[y0 + j] = s;
    }
  }
}

/**
 * dx[r, k] (+)= Σ_j d[r, j] · W[j, k]   (back-propagation through x · Wᵀ to x)
 * d: [R, N], W: [N, K], dx: [R, K].
 */
export function matmulNN(R: number, N: number, K: number, d: Vec, W: Vec, dx: Vec, accumulate: boolean): void {
  for (let r = 0; r < R; r++) {
    const o = r * K;
    if (!accumulate) dx.fill(0, o, o + K);
    const dr = r * N;
    for (let j = 0; j < N; j++) {
      const g = d[dr + j];
      if (g === 0) continue;
      const w = j * K;
      for (let k = 0; k < K; k++) dx[o + k] += g * W[w + k];
    }
  }
}

/**
 * dW[j, k] += Σ_r d[r, j] · x[r, k]   and   db[j] += Σ_r d[r, j]   (weight gradient of x · Wᵀ + b)
 * d: [R, N], x: [R, K], dW: [N, K], db: [N] or null.
 */
export function matmulTNAcc(R: number, N: number, K: number, d: Vec, x: Vec, dW: Vec, db: Vec | null): void {
  for (let r = 0; r < R; r++) {
    const xr = r * K;
    const dr = r * N;
    for (let j = 0; j < N; j++) {
      const g = d[dr + j];
      if (g === 0) continue;
      if (db !== null) db[j] += g;
      const w = j * K;
      for (let k = 0; k < K; k++) dW[w + k] += g * x[xr + k];
    }
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
