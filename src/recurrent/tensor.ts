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

/** Per weight row, the columns outside which the row is all zeros: row j is non-zero only in [start[j], end[j]). */
export interface ColumnSpans {
  start: Int32Array; // [N]
  end: Int32Array; // [N]
}

/** The non-zero column span of each row of W [N, K] (an all-zero row gets an empty span). */
export function columnSpans(N: number, K: number, W: Vec): ColumnSpans {
  const start = new Int32Array(N);
  const end = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    let a = 0;
    let b = K;
    while (a < K && W[j * K + a] === 0) a++;
    while (b > a && W[j * K + b - 1] === 0) b--;
    start[j] = a;
    end[j] = b;
  }
  return { start, end };
}

/**
 * y[r, j] = (accumulate ? y[r, j] : 0) + bias[j] + Σ_k x[r, k] · W[j, k]
 * x: [R, K], W: [N, K], bias: [N] or null, y: [R, N].
 * Four rows at a time so each weight element is loaded once per four rows (the batched case is matrix-matrix).
 * `spans` (from columnSpans(W)) skips the zero ends of weight rows; with finite x the skipped terms are all ±0 and
 * the pairs of the four-row case start at the same even k, so the result is the same as without.
 * `outSpans` computes only y[r, j] with j in [outSpans.start[r], outSpans.end[r]) (others are left as they are).
 */
export function matmulNT(
  R: number,
  N: number,
  K: number,
  x: Vec,
  W: Vec,
  bias: Vec | null,
  y: Vec,
  accumulate: boolean,
  spans: ColumnSpans | null = null,
  outSpans: ColumnSpans | null = null,
): void {
  let r = 0;
  for (; r + 3 < R; r += 4) {
    const x0 = r * K, x1 = x0 + K, x2 = x1 + K, x3 = x2 + K;
    const y0 = r * N, y1 = y0 + N, y2 = y1 + N, y3 = y2 + N;
    const j1 = outSpans === null ? N : Math.max(outSpans.end[r], outSpans.end[r + 1], outSpans.end[r + 2], outSpans.end[r + 3]);
    for (let j = outSpans === null ? 0 : Math.min(outSpans.start[r], outSpans.start[r + 1], outSpans.start[r + 2], outSpans.start[r + 3]); j < j1; j++) {
      const w = j * K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = spans === null ? 0 : spans.start[j] & ~1;
      const K1 = spans === null ? K : spans.end[j];
      for (; k + 1 < K1; k += 2) {
        const wa = W[w + k], wb = W[w + k + 1];
        s0 += x[x0 + k] * wa + x[x0 + k + 1] * wb;
        s1 += x[x1 + k] * wa + x[x1 + k + 1] * wb;
        s2 += x[x2 + k] * wa + x[x2 + k + 1] * wb;
        s3 += x[x3 + k] * wa + x[x3 + k + 1] * wb;
      }
      if (k < K1) {
        const wk = W[w + k];
        s0 += x[x0 + k] * wk;
        s1 += x[x1 + k] * wk;
        s2 += x[x2 + k] * wk;
        s3 += x[x3 + k] * wk;
      }
      if (bias !== null) {
        const bj = bias[j];
        s0 += bj;
        s1 += bj;
        s2 += bj;
        s3 += bj;
      }
      if (accumulate) {
        y[y0 + j] += s0;
        y[y1 + j] += s1;
        y[y2 + j] += s2;
        y[y3 + j] += s3;
      } else {
        y[y0 + j] = s0;
        y[y1 + j] = s1;
        y[y2 + j] = s2;
        y[y3 + j] = s3;
      }
    }
  }
  for (; r < R; r++) {
    // A single row (the streaming case): four weight rows at a time share each load of x. Terms are added in the
    // same pairs from the same even k as in the four-row case, so a row gives the same result whichever path it takes
    // (a model labels a file in batches of frames and a live stream one frame at a time, with equal outputs).
    const x0 = r * K;
    const y0 = r * N;
    let j = outSpans === null ? 0 : outSpans.start[r];
    const j1 = outSpans === null ? N : outSpans.end[r];
    for (; j + 3 < j1; j += 4) {
      const w0 = j * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      let k1 = K;
      if (spans !== null) {
        k = Math.min(spans.start[j], spans.start[j + 1], spans.start[j + 2], spans.start[j + 3]) & ~1;
        k1 = Math.max(spans.end[j], spans.end[j + 1], spans.end[j + 2], spans.end[j + 3]);
      }
      for (; k + 1 < k1; k += 2) {
        const xa = x[x0 + k], xb = x[x0 + k + 1];
        s0 += xa * W[w0 + k] + xb * W[w0 + k + 1];
        s1 += xa * W[w1 + k] + xb * W[w1 + k + 1];
        s2 += xa * W[w2 + k] + xb * W[w2 + k + 1];
        s3 += xa * W[w3 + k] + xb * W[w3 + k + 1];
      }
      if (k < k1) {
        const xk = x[x0 + k];
        s0 += xk * W[w0 + k];
        s1 += xk * W[w1 + k];
        s2 += xk * W[w2 + k];
        s3 += xk * W[w3 + k];
      }
      if (bias !== null) {
        s0 += bias[j];
        s1 += bias[j + 1];
        s2 += bias[j + 2];
        s3 += bias[j + 3];
      }
      if (accumulate) {
        y[y0 + j] += s0;
        y[y0 + j + 1] += s1;
        y[y0 + j + 2] += s2;
        y[y0 + j + 3] += s3;
      } else {
        y[y0 + j] = s0;
        y[y0 + j + 1] = s1;
        y[y0 + j + 2] = s2;
        y[y0 + j + 3] = s3;
      }
    }
    for (; j < j1; j++) {
      const w = j * K;
      let s = 0;
      let k = spans !== null ? spans.start[j] & ~1 : 0;
      const k1 = spans !== null ? spans.end[j] : K;
      for (; k + 1 < k1; k += 2) s += x[x0 + k] * W[w + k] + x[x0 + k + 1] * W[w + k + 1];
      if (k < k1) s += x[x0 + k] * W[w + k];
      if (bias !== null) s += bias[j];
      if (accumulate) y[y0 + j] += s;
      else y[y0 + j] = s;
    }
  }
}

/** out[c, r] = a[r, c]   (a: [R, C], out: [C, R]) */
export function transpose(R: number, C: number, a: Vec, out: Vec): void {
  for (let r = 0; r < R; r++) {
    const o = r * C;
    for (let c = 0; c < C; c++) out[c * R + r] = a[o + c];
  }
}

/**
 * dx[r, k] (+)= Σ_j d[r, j] · W[j, k]   (back-propagation through x · Wᵀ to x)
 * d: [R, N], W: [N, K], dx: [R, K].
 * Four weight rows per pass over a dx row, so dx is loaded and stored a quarter as often. `spans` (from
 * columnSpans(W)) skips the zero ends of weight rows, whose terms are all ±0: the result is the same.
 */
export function matmulNN(R: number, N: number, K: number, d: Vec, W: Vec, dx: Vec, accumulate: boolean, spans: ColumnSpans | null = null): void {
  for (let r = 0; r < R; r++) {
    const o = r * K;
    if (!accumulate) dx.fill(0, o, o + K);
    const dr = r * N;
    let j = 0;
    for (; j + 3 < N; j += 4) {
      const g0 = d[dr + j], g1 = d[dr + j + 1], g2 = d[dr + j + 2], g3 = d[dr + j + 3];
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      const w0 = j * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
      const k1 = spans === null ? K : Math.max(spans.end[j], spans.end[j + 1], spans.end[j + 2], spans.end[j + 3]);
      for (let k = spans === null ? 0 : Math.min(spans.start[j], spans.start[j + 1], spans.start[j + 2], spans.start[j + 3]); k < k1; k++) {
        dx[o + k] += g0 * W[w0 + k] + g1 * W[w1 + k] + g2 * W[w2 + k] + g3 * W[w3 + k];
      }
    }
    for (; j < N; j++) {
      const g = d[dr + j];
      if (g === 0) continue;
      const w = j * K;
      const k1 = spans === null ? K : spans.end[j];
      for (let k = spans === null ? 0 : spans.start[j]; k < k1; k++) dx[o + k] += g * W[w + k];
    }
  }
}

/**
 * dW[j, k] += Σ_r d[r, j] · x[r, k]   and   db[j] += Σ_r d[r, j]   (weight gradient of x · Wᵀ + b)
 * d: [R, N], x: [R, K], dW: [N, K], db: [N] or null.
 * Both operands are transposed first (O(R·(N+K))) so the O(R·N·K) part is matmulNT's register-blocked dot
 * products instead of read-modify-write passes over dW. With `spans` (from columnSpans(W)) only dW[j, k] inside
 * row j's span is computed: for weights held at zero outside it, whose gradient is not used.
 * `product` (y += x · Wᵀ, without spans) stands in for matmulNT when given: the WebAssembly products.
 */
export function matmulTNAcc(
  R: number,
  N: number,
  K: number,
  d: Vec,
  x: Vec,
  dW: Vec,
  db: Vec | null,
  spans: ColumnSpans | null = null,
  product?: (R: number, N: number, K: number, x: Vec, W: Vec, y: Vec) => void,
): void {
  const dT = scratch(d, 0, R * N);
  const xT = scratch(x, 1, R * K);
  transpose(R, N, d, dT);
  transpose(R, K, x, xT);
  if (product !== undefined && spans === null) product(N, K, R, dT, xT, dW);
  else matmulNT(N, K, R, dT, xT, null, dW, true, null, spans);
  if (db !== null) {
    for (let r = 0; r < R; r++) {
      const o = r * N;
      for (let j = 0; j < N; j++) db[j] += d[o + j];
    }
  }
}

const scratch32: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
const scratch64: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

/** A reusable temporary of at least n elements, of like's element type (module-level: kernels are synchronous). */
function scratch(like: Vec, slot: number, n: number): Vec {
  if (like instanceof Float64Array) {
    if (scratch64[slot].length < n) scratch64[slot] = new Float64Array(n);
    return scratch64[slot];
  }
  if (scratch32[slot].length < n) scratch32[slot] = new Float32Array(n);
  return scratch32[slot];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
