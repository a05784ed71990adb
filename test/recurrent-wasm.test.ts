import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import { columnSpans, matmulNN, matmulNT } from '../src/recurrent/tensor.js';
import { WasmProducts } from '../src/recurrent/wasm/WasmProducts.js';
import { PRODUCTS_WASM_BASE64 } from '../src/recurrent/wasm/productsModule.js';
import { compiledModule } from '../src/wasm/compiledModule.js';

/** A fixed pseudo-random stream in [-3, 3). */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 6 - 3;
}

describe('WebAssembly products', () => {
  it('gives the same bits as the JavaScript matmulNT: any row count, odd and even widths, zero spans, with and without bias', () => {
    const wasm = WasmProducts.create();
    expect(wasm).not.toBeNull();
    const rnd = rng(7);
    for (const [R, N, K] of [[1, 5, 1], [4, 7, 95], [5, 12, 64], [7, 3, 10], [4, 960, 95], [1, 960, 320]] as const) {
      const x = Float32Array.from({ length: R * K }, rnd);
      // Ragged rows (zeros at both ends of most rows, one all-zero row), and block-diagonal ones as a seed
      // ensemble's: runs of six rows sharing their span, which streaming takes four at a time.
      const ragged = Float32Array.from({ length: N * K }, (_, i) => {
        const j = Math.floor(i / K), k = i % K;
        return j === 1 || k < j % 3 || k > K - 1 - (j % 4) ? 0 : rnd();
      });
      const blocks = Float32Array.from({ length: N * K }, (_, i) => {
        const run = Math.floor(i / K / 6), k = i % K;
        return k < (run * 5) % K || k > ((run * 5) % K) + 9 ? 0 : rnd();
      });
      const bias = Float32Array.from({ length: N }, rnd);
      for (const [W, b] of [[ragged, bias], [ragged, null], [blocks, bias]] as const) {
        for (const spans of [null, columnSpans(N, K, W)]) {
          const want = new Float32Array(R * N);
          const got = new Float32Array(R * N).fill(Number.NaN);
          matmulNT(R, N, K, x, W, b, want, false, spans);
          wasm!.matmulNT(R, N, K, x, W, b, got, spans);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
    }
  });

  it('in float32 (matmulNT32) stays within float32 roundings of the float64 sums: any row count and width, unaligned spans', () => {
    const wasm = WasmProducts.create()!;
    const rnd = rng(9);
    for (const [R, N, K] of [[1, 5, 1], [4, 7, 95], [5, 12, 64], [7, 3, 10], [4, 960, 100], [1, 960, 320], [2, 9, 6]] as const) {
      const x = Float32Array.from({ length: R * K }, rnd);
      // Spans starting and ending anywhere (the kernel reads whole groups of four around them), runs of rows that
      // share one (four outputs at a time), an all-zero row.
      const W = Float32Array.from({ length: N * K }, (_, i) => {
        const j = Math.floor(i / K), k = i % K;
        const run = Math.floor(j / 6);
        return j === 2 || k < (run * 3) % K || k > K - 1 - (run % 5) ? 0 : rnd();
      });
      const bias = Float32Array.from({ length: N }, rnd);
      for (const [b, spans] of [[bias, columnSpans(N, K, W)], [null, null], [bias, null]] as const) {
        const want = new Float32Array(R * N);
        const got = new Float32Array(R * N).fill(Number.NaN);
        matmulNT(R, N, K, x, W, b, want, false, spans);
        wasm.matmulNT32(R, N, K, x, W, b, got, spans);
        for (let i = 0; i < R * N; i++) {
          // Each of up to K float32 sums rounds by at most half an ulp of the running magnitude.
          let magnitude = b === null ? 0 : Math.abs(b[i % N]);
          for (let k = 0; k < K; k++) magnitude += Math.abs(x[Math.floor(i / N) * K + k] * W[(i % N) * K + k]);
          expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual((K + 2) * 2 ** -24 * magnitude);
        }
      }
    }
  });

  it('back-propagates to the input with the same bits as the JavaScript matmulNN: groups of zero gradients, odd widths', () => {
    const wasm = WasmProducts.create()!;
    const rnd = rng(5);
    for (const [R, N, K] of [[16, 192, 64], [3, 7, 5], [1, 4, 1], [2, 9, 95]] as const) {
      // Some rows of gradients all zero, and some groups of four within a row.
      const d = Float32Array.from({ length: R * N }, (_, i) => (Math.floor(i / N) === 1 || Math.floor((i % N) / 4) % 3 === 2 ? 0 : rnd()));
      const W = Float32Array.from({ length: N * K }, rnd);
      for (const accumulate of [false, true]) {
        const start = Float32Array.from({ length: R * K }, rnd);
        const want = start.slice();
        const got = start.slice();
        matmulNN(R, N, K, d, W, want, accumulate);
        wasm.matmulNN(R, N, K, d, W, got, accumulate);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });

  it('reads no weight row past the last: the pair spans may end at the end of memory', () => {
    // The kernel itself, its operands laid out by hand: the last rows' pair spans are the memory's last bytes, so a
    // look at the spans of rows that do not exist (whether four outputs can go together) would trap.
    type Kernel = { memory: WebAssembly.Memory; matmulNT(...args: number[]): void };
    const kernel = new WebAssembly.Instance(compiledModule(PRODUCTS_WASM_BASE64)!).exports as unknown as Kernel;
    const end = kernel.memory.buffer.byteLength;
    for (const N of [1, 2, 3, 5]) {
      const K = 2;
      const f32 = new Float32Array(kernel.memory.buffer);
      const x = 64, xd = 128, w = 256, y = 512, sums = 1024, pairs = end - 8 * N;
      f32.set([1.5, -2], x / 4);
      for (let j = 0; j < N; j++) f32.set([j + 1, 0.25], w / 4 + j * K);
      new Int32Array(kernel.memory.buffer, pairs, 2 * N).set(Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? 0 : K)));
      kernel.matmulNT(1, N, K, x, w, 0, y, pairs, xd, sums, 0);
      expect(Array.from(f32.subarray(y / 4, y / 4 + N))).toEqual(Array.from({ length: N }, (_, j) => 1.5 * (j + 1) - 0.5));
    }
  });

  it('accumulates as matmulNT does, reads a transient operand afresh each call, and reloads changed weights', () => {
    const wasm = WasmProducts.create()!;
    const rnd = rng(9);
    for (const [R, N, K] of [[192, 95, 1024], [7, 3, 10], [4, 9, 33]] as const) {
      const x = Float32Array.from({ length: R * K }, rnd);
      const W = Float32Array.from({ length: N * K }, rnd);
      const y0 = Float32Array.from({ length: R * N }, rnd);
      for (let call = 0; call < 2; call++) {
        // The same array with new values: a transient operand is never taken from an earlier call.
        if (call === 1) W.forEach((_, i) => (W[i] = rnd()));
        const want = y0.slice();
        const got = y0.slice();
        matmulNT(R, N, K, x, W, null, want, true);
        wasm.matmulNT(R, N, K, x, W, null, got, null, { accumulate: true, transient: true });
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
    // A transient operand lands where an earlier call's operands lay (here NaN): its odd last row reads one value past
    // its end, against x's zero padding, which must meet a zero.
    const big = new Float32Array(64 * 64).fill(Number.NaN);
    wasm.matmulNT(64, 1, 64, big, new Float32Array(64), null, new Float32Array(64), null);
    const x5 = Float32Array.from({ length: 2 * 5 }, rnd);
    const w5 = Float32Array.from({ length: 3 * 5 }, rnd);
    const want5 = new Float32Array(6);
    const got5 = new Float32Array(6);
    matmulNT(2, 3, 5, x5, w5, null, want5, true);
    wasm.matmulNT(2, 3, 5, x5, w5, null, got5, null, { accumulate: true, transient: true });
    expect(Array.from(got5)).toEqual(Array.from(want5));
    // Resident weights changed in place: read again after reload().
    const [R, N, K] = [5, 6, 7];
    const x = Float32Array.from({ length: R * K }, rnd);
    const W = Float32Array.from({ length: N * K }, rnd);
    const bias = Float32Array.from({ length: N }, rnd);
    const got = new Float32Array(R * N);
    wasm.matmulNT(R, N, K, x, W, bias, got, null);
    W.forEach((_, i) => (W[i] = rnd()));
    bias[0] = 100;
    wasm.reload();
    wasm.matmulNT(R, N, K, x, W, bias, got, null);
    const want = new Float32Array(R * N);
    matmulNT(R, N, K, x, W, bias, want, false);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('adds even and odd terms in two lanes, so a float64 sum that cancels can differ from the JavaScript one (why training has --no-wasm-products)', () => {
    const wasm = WasmProducts.create()!;
    // 1e20 + 1 − 1e20 + 1: the JavaScript adds the terms in pairs in order (each 1 is lost next to 1e20): 0. The
    // lanes add 1e20 − 1e20 and 1 + 1: 2.
    const x = Float32Array.of(1, 1, 1, 1);
    const W = Float32Array.of(1e20, 1, -1e20, 1);
    const js = new Float32Array(1);
    const lanes = new Float32Array(1);
    matmulNT(1, 1, 4, x, W, null, js, false);
    wasm.matmulNT(1, 1, 4, x, W, null, lanes, null, { transient: true });
    expect([js[0], lanes[0]]).toEqual([0, 2]);
  });

  it('the shipped models give the same probabilities with and without it, one frame or four at a time; in float32, within 1e-5 and the same labels', async () => {
    for (const path of [DEFAULT_MODEL_PATH, DEFAULT_LIVE_MODEL_PATH]) {
      const model = await loadModel(path);
      const n = model.meta.inputSize;
      const rnd = rng(11);
      // Raw features around the model's own mean, three standard deviations either way.
      const frames = Array.from({ length: 200 }, () => Float32Array.from({ length: n }, (_, i) => model.meta.feature.mean[i] + model.meta.feature.std[i] * rnd()));
      for (const batch of [1, 4]) {
        const js = new StreamRunner(model, batch, { wasm: false });
        const fast = new StreamRunner(model, batch, { float32: false });
        const float32 = new StreamRunner(model, batch);
        const C = model.meta.labels.length;
        const top = (p: Float32Array, t: number): number => p.subarray(t * C, (t + 1) * C).reduce((best, v, i, a) => (v > a[best] ? i : best), 0);
        for (let t = 0; t < frames.length; t += batch) {
          const chunk = frames.slice(t, t + batch);
          const want = js.stepMany(chunk);
          expect(Array.from(fast.stepMany(chunk))).toEqual(Array.from(want));
          const got = float32.stepMany(chunk);
          for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
          for (let f = 0; f < chunk.length; f++) expect(top(got, f)).toBe(top(want, f));
        }
      }
    }
  });
});
