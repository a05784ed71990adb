import type { ColumnSpans } from '../tensor.js';
import { compiledModule } from '../../wasm/compiledModule.js';
import { PRODUCTS_WASM_BASE64 } from './productsModule.js';

interface ProductsExports {
  memory: WebAssembly.Memory;
  matmulNT(R: number, N: number, K: number, x: number, w: number, bias: number, y: number, pairs: number, xd: number, sums: number, acc: number): void;
  matmulNN(R: number, N: number, K: number, d: number, w: number, dx: number, acc: number): void;
  matmulNT32(R: number, N: number, K: number, x: number, w: number, bias: number, y: number, quads: number): void;
}

/** Bytes at the start of memory never used for data, so that offset 0 can mean "none". */
const RESERVED = 64;
/**
 * Zero bytes after each weight operand: a weight row's last pair may read one element past it and multiply it by a
 * zero of x's padding, which must meet a zero (0 · NaN would be NaN).
 */
const SLACK = 16;

/**
 * matmulNT and matmulNN (tensor.ts) in WebAssembly SIMD: the same float64 products and sums rounded once to
 * float32, about five times fewer instructions per multiply-add; and matmulNT32, the forward product in float32.
 * Weights, biases and spans are copied into the instance's memory the first time they are used, and again by
 * reload() (training calls it after each update); the other operands are copied in and out on every call. One
 * instance per network.
 */
export class WasmProducts {
  private readonly exports: ProductsExports;
  /** Offset of each array already copied in (weights, biases, pair spans). */
  private readonly resident = new Map<Float32Array | Int32Array, number>();
  /**
   * The kernels' spans (i32 [N, 2]) of each ColumnSpans, or of whole rows keyed by N · 2¹⁶ + K: in column pairs for
   * matmulNT, in groups of four for matmulNT32.
   */
  private readonly spansIn = { 2: new Map<ColumnSpans | number, Int32Array>(), 4: new Map<ColumnSpans | number, Int32Array>() };
  private top = RESERVED;
  /** The per-call area: x, its float64 copy, y, the outputs' unsummed lanes and a transient W. */
  private scratch = 0;
  private scratchBytes = 0;

  /** A float32 view of the whole memory, made anew when it grows. */
  private heap: Float32Array;

  private constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module).exports as unknown as ProductsExports;
    this.heap = new Float32Array(this.exports.memory.buffer);
  }

  /** A new instance, or null where WebAssembly SIMD is not available. */
  static create(): WasmProducts | null {
    const module = compiledModule(PRODUCTS_WASM_BASE64);
    return module === null ? null : new WasmProducts(module);
  }

  /**
   * y [R, N] = x [R, K] · Wᵀ + bias, W [N, K]; rows of W zero outside `spans` are skipped (as matmulNT).
   * `accumulate`: y += … instead. `transient`: W is copied in for this call only (an operand, not weights).
   */
  matmulNT(
    R: number,
    N: number,
    K: number,
    x: Float32Array,
    W: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    spans: ColumnSpans | null,
    opts: { accumulate?: boolean; transient?: boolean } = {},
  ): void {
    const b = bias === null ? 0 : this.place(bias);
    const pairs = this.place(this.kernelSpans(spans, N, K, 2));
    const xBytes = align(R * K * 4);
    const xdBytes = align(R * (K + 1) * 8);
    const yBytes = align(R * N * 4);
    const sumsBytes = R * N * 16;
    const wBytes = opts.transient ? align(N * K * 4 + SLACK) : 0;
    const at = this.scratchOf(xBytes + xdBytes + yBytes + sumsBytes + wBytes);
    const yAt = at + xBytes + xdBytes;
    const sumsAt = yAt + yBytes;
    const wAt = sumsAt + sumsBytes;
    const w = opts.transient ? wAt : this.place(W);
    if (opts.transient) this.copyIn(W.length === N * K ? W : W.subarray(0, N * K), wAt);
    this.heap.set(x.length === R * K ? x : x.subarray(0, R * K), at >> 2);
    if (opts.accumulate) this.heap.set(y.subarray(0, R * N), yAt >> 2);
    this.exports.matmulNT(R, N, K, at, w, b, yAt, pairs, at + xBytes, sumsAt, opts.accumulate ? 1 : 0);
    y.set(this.heap.subarray(yAt >> 2, (yAt >> 2) + R * N));
  }

  /**
   * y [R, N] = x [R, K] · Wᵀ + bias with float32 products and sums, four lanes at a time: for inference, about
   * twice as fast as matmulNT, whose float64 sums it matches to within a few float32 roundings, not bit for bit.
   */
  matmulNT32(R: number, N: number, K: number, x: Float32Array, W: Float32Array, bias: Float32Array | null, y: Float32Array, spans: ColumnSpans | null): void {
    const b = bias === null ? 0 : this.place(bias);
    const quads = this.place(this.kernelSpans(spans, N, K, 4));
    const w = this.place(W);
    const K4 = (K + 3) & ~3;
    const xBytes = R * K4 * 4;
    const at = this.scratchOf(xBytes + align(R * N * 4));
    const yAt = at + xBytes;
    const x0 = at >> 2;
    if (K4 === K) this.heap.set(x.length === R * K ? x : x.subarray(0, R * K), x0);
    else {
      this.heap.fill(0, x0, x0 + R * K4);
      for (let r = 0; r < R; r++) this.heap.set(x.subarray(r * K, (r + 1) * K), x0 + r * K4);
    }
    this.exports.matmulNT32(R, N, K, at, w, b, yAt, quads);
    y.set(this.heap.subarray(yAt >> 2, (yAt >> 2) + R * N));
  }

  /** dx [R, K] (+)= d [R, N] · W, W [N, K] resident (as matmulNN without spans: the same bits). */
  matmulNN(R: number, N: number, K: number, d: Float32Array, W: Float32Array, dx: Float32Array, accumulate: boolean): void {
    const w = this.place(W);
    const dBytes = align(R * N * 4);
    const at = this.scratchOf(dBytes + align(R * K * 4));
    const dxAt = at + dBytes;
    this.heap.set(d.subarray(0, R * N), at >> 2);
    if (accumulate) this.heap.set(dx.subarray(0, R * K), dxAt >> 2);
    this.exports.matmulNN(R, N, K, at, w, dxAt, accumulate ? 1 : 0);
    dx.set(this.heap.subarray(dxAt >> 2, (dxAt >> 2) + R * K));
  }

  /**
   * Per weight row, the first column the kernel reads (a multiple of `unit`) and the end of its last group of `unit`
   * columns, from `spans` (whole rows without): made once per spans object, which must not change afterwards.
   */
  private kernelSpans(spans: ColumnSpans | null, N: number, K: number, unit: 2 | 4): Int32Array {
    // A number, not a string, for whole rows: this runs on every call.
    const key = spans ?? N * 0x10000 + K;
    const made = this.spansIn[unit];
    let result = made.get(key);
    if (result === undefined) {
      result = new Int32Array(2 * N);
      for (let j = 0; j < N; j++) {
        result[2 * j] = spans === null ? 0 : spans.start[j] & -unit;
        result[2 * j + 1] = ((spans === null ? K : spans.end[j]) + unit - 1) & -unit;
      }
      made.set(key, result);
    }
    return result;
  }

  /** Copies every array already in memory (weights, biases, pair spans) again: their values have changed. */
  reload(): void {
    for (const [a, at] of this.resident) this.copyIn(a, at);
  }

  /** The offset of `a` in memory, copying it in the first time. */
  private place(a: Float32Array | Int32Array): number {
    let at = this.resident.get(a);
    if (at === undefined) {
      at = this.allocate(a.byteLength + SLACK);
      this.copyIn(a, at);
      this.resident.set(a, at);
    }
    return at;
  }

  /** Writes `a` at `at`, then SLACK zero bytes (a resident array's, or a transient operand's over an earlier call's). */
  private copyIn(a: Float32Array | Int32Array, at: number): void {
    new (a.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(this.exports.memory.buffer, at, a.length).set(a);
    new Uint8Array(this.exports.memory.buffer, at + a.byteLength, SLACK).fill(0);
  }

  private scratchOf(bytes: number): number {
    if (bytes > this.scratchBytes) {
      this.scratch = this.allocate(bytes);
      this.scratchBytes = bytes;
    }
    return this.scratch;
  }

  private allocate(bytes: number): number {
    const at = this.top;
    this.top = align(at + bytes);
    const memory = this.exports.memory;
    const missing = this.top - memory.buffer.byteLength;
    if (missing > 0) {
      memory.grow(Math.ceil(missing / 65536));
      this.heap = new Float32Array(memory.buffer);
    }
    return at;
  }
}

/** Rounded up to 16 bytes (SIMD loads of the float64 copy of x are aligned). */
function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
