import type { CellType } from '../types.js';
import type { CellKernel } from './cells/cell.js';
import { cellKernel } from './cells/cellKernel.js';
import { HEAD_BIAS, HEAD_WEIGHT } from './model.js';
import type { Rng } from './rng.js';
import { columnSpans, matmulNN, matmulNT, matmulTNAcc, zerosLike, type ColumnSpans, type Vec } from './tensor.js';
import { WasmGru } from './wasm/WasmGru.js';
import { WasmProducts } from './wasm/WasmProducts.js';

export interface NetworkShape {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** Head output size (number of labels). */
  outputSize: number;
}

/** Per-layer buffers, all preallocated for maxT steps of B lanes, time-major ([t, b, ·]). */
interface Layer {
  inSize: number;
  wih: Vec; // [G*H, inSize]
  whh: Vec; // [G*H, H]
  bih: Vec; // [G*H]
  bhh: Vec; // [G*H]
  gi: Vec; // [maxT, B, G*H] input projections of the chunk
  ghStep: Vec; // [B, G*H] hidden projection of the current step
  hp: Vec; // [maxT, B, H] state entering each step (after resets)
  cp: Vec; // [maxT, B, H] cell state entering each step (lstm)
  y: Vec; // [maxT, B, H] layer outputs
  c: Vec; // [maxT, B, H] cell states after each step (lstm)
  cache: Vec; // [maxT, B, K*H] kernel caches
  mask: Vec | null; // [maxT, B, H] dropout mask on this layer's output (scaled by 1/(1-p)), null when no dropout
  yd: Vec; // [maxT, B, H] output after dropout (the next layer's input); aliases y when not training
  maskBuf: Vec | null; // [maxT, B, H] storage behind mask, allocated on first use
  ydBuf: Vec | null; // [maxT, B, H] storage behind yd under dropout
  dgi: Vec; // [maxT, B, G*H]
  dgh: Vec; // [maxT, B, G*H]
  dy: Vec; // [maxT, B, H] dL/d(output)
  // per-step views into the buffers above, so steps allocate nothing
  giV: Vec[];
  hpV: Vec[];
  cpV: Vec[];
  yV: Vec[];
  cV: Vec[];
  cacheV: Vec[];
  dgiV: Vec[];
  dghV: Vec[];
  dyV: Vec[];
}

function views(buf: Vec, n: number, stride: number): Vec[] {
  const out: Vec[] = [];
  for (let t = 0; t < n; t++) out.push(buf.subarray(t * stride, (t + 1) * stride));
  return out;
}

/**
 * A stack of recurrent layers plus a linear head, run over chunks of up to maxT steps for B lanes in lockstep.
 * Holds the recurrent state between chunks (stateful), records what backward() needs, and back-propagates
 * through the chunk only (truncated BPTT: the gradient w.r.t. the state entering the chunk is left in dState).
 * `resets[t·B + b] = 1` starts lane b afresh (zero state) at step t: lanes carry sequences back to back.
 * Element type follows the params (float32 for use, float64 for gradient checks).
 */
export class Network {
  readonly shape: NetworkShape;
  readonly maxT: number;
  readonly B: number;
  readonly kernel: CellKernel;
  /** Recurrent state per layer: h [B, H] and (lstm) c [B, H]. */
  readonly state: { h: Vec[]; c: Vec[] };
  /** After backward(): dL/d(state entering the chunk), per layer. */
  readonly dState: { h: Vec[]; c: Vec[] };
  /** [maxT, B, C] head outputs of the last forward(). */
  readonly logits: Vec;
  private readonly layers: Layer[];
  private readonly params: Record<string, Vec>;
  private readonly dhT: Vec; // [B, H]
  private input: Vec; // [maxT, B, inputSize] input of the last forward()
  private resets: Uint8Array | null = null;
  private lastT = 0;
  /** Set by skipZeroSpans(): zero-span maps of wih, whh per layer, then the head. */
  private spans: { wih: ColumnSpans; whh: ColumnSpans }[] | null = null;
  private headSpans: ColumnSpans | null = null;
  /** Set by useWasmProducts(): the products in WebAssembly, and the weight gradients' accumulating one. */
  private wasm: WasmProducts | null = null;
  private wasmAccumulate: ((R: number, N: number, K: number, x: Vec, W: Vec, y: Vec) => void) | undefined;
  /** Set by useWasmProducts({ float32 }): forward()'s products with float32 sums (matmulNT32). */
  private float32Products = false;
  /** Set by useWasmGru(): the GRU step's pointwise part in WebAssembly, which keeps no cache for backward(). */
  private wasmGru: WasmGru | null = null;

  /** `kernel` overrides the cell kernel (tests inject faulty kernels to prove the gradient check fails). */
  constructor(shape: NetworkShape, params: Record<string, Vec>, maxT: number, B: number, kernel?: CellKernel) {
    this.shape = shape;
    this.maxT = maxT;
    this.B = B;
    this.kernel = kernel ?? cellKernel(shape.cell);
    this.params = params;
    const H = shape.hiddenSize;
    const G = this.kernel.gates;
    const K = this.kernel.cacheWidth;
    const proto = params[HEAD_WEIGHT];
    const z = (n: number): Vec => zerosLike(proto, n);
    this.layers = [];
    for (let l = 0; l < shape.numLayers; l++) {
      const get = (n: string): Vec => {
        const p = params[`${n}_l${l}`];
        if (p === undefined) throw new Error(`missing parameter ${n}_l${l}`);
        return p;
      };
      const lstm = this.kernel.hasCell;
      const y = z(maxT * B * H);
      const L: Layer = {
        inSize: l === 0 ? shape.inputSize : H,
        wih: get('weight_ih'),
        whh: get('weight_hh'),
        bih: get('bias_ih'),
        bhh: get('bias_hh'),
        gi: z(maxT * B * G * H),
        ghStep: z(B * G * H),
        hp: z(maxT * B * H),
        cp: lstm ? z(maxT * B * H) : z(B * H),
        y,
        c: lstm ? z(maxT * B * H) : z(B * H),
        cache: z(maxT * B * K * H),
        mask: null,
        yd: y,
        maskBuf: null,
        ydBuf: null,
        dgi: z(maxT * B * G * H),
        dgh: z(maxT * B * G * H),
        dy: z(maxT * B * H),
        giV: [],
        hpV: [],
        cpV: [],
        yV: [],
        cV: [],
        cacheV: [],
        dgiV: [],
        dghV: [],
        dyV: [],
      };
      L.giV = views(L.gi, maxT, B * G * H);
      L.hpV = views(L.hp, maxT, B * H);
      L.yV = views(L.y, maxT, B * H);
      L.cacheV = views(L.cache, maxT, B * K * H);
      L.dgiV = views(L.dgi, maxT, B * G * H);
      L.dghV = views(L.dgh, maxT, B * G * H);
      L.dyV = views(L.dy, maxT, B * H);
      // The rnn/gru kernels ignore c; one shared dummy row keeps the call uniform.
      L.cpV = lstm ? views(L.cp, maxT, B * H) : new Array<Vec>(maxT).fill(L.cp);
      L.cV = lstm ? views(L.c, maxT, B * H) : new Array<Vec>(maxT).fill(L.c);
      this.layers.push(L);
    }
    this.state = { h: [], c: [] };
    this.dState = { h: [], c: [] };
    for (let l = 0; l < shape.numLayers; l++) {
      this.state.h.push(z(B * H));
      this.state.c.push(z(B * H));
      this.dState.h.push(z(B * H));
      this.dState.c.push(z(B * H));
    }
    this.logits = z(maxT * B * shape.outputSize);
    this.dhT = z(B * H);
    this.input = z(0);
  }

  /**
   * A promise that the all-zero ends of weight rows stay zero (inference, or fine-tuning that keeps zeros at zero):
   * products then skip them, and a seed ensemble's block-diagonal matrices are mostly made of them. Outputs and the
   * gradients inside the spans are unchanged; gradients outside them are left at what they were (unused).
   */
  skipZeroSpans(): void {
    const GH = this.kernel.gates * this.shape.hiddenSize;
    this.spans = this.layers.map((L) => ({ wih: columnSpans(GH, L.inSize, L.wih), whh: columnSpans(GH, this.shape.hiddenSize, L.whh) }));
    this.headSpans = columnSpans(this.shape.outputSize, this.shape.hiddenSize, this.params[HEAD_WEIGHT]);
  }

  /**
   * forward() computes its products in WebAssembly SIMD where available (float32 networks), with the same results as
   * the JavaScript kernel, or with `float32` in float32 arithmetic: faster, the results within a few float32
   * roundings (inference). The weights are copied into its memory, so a change to them must be followed by
   * weightsChanged() before the next forward(). Returns whether it does.
   */
  useWasmProducts(opts: { float32?: boolean } = {}): boolean {
    const wasm = this.params[HEAD_WEIGHT] instanceof Float32Array ? WasmProducts.create() : null;
    this.wasm = wasm;
    this.float32Products = opts.float32 === true;
    // y += x · Wᵀ with W a transposed operand of this call (the weight gradient), not weights.
    this.wasmAccumulate =
      wasm === null
        ? undefined
        : (r, n, k, x, W, y): void => {
            if (x instanceof Float32Array && W instanceof Float32Array && y instanceof Float32Array) wasm.matmulNT(r, n, k, x, W, null, y, null, { accumulate: true, transient: true });
            else matmulNT(r, n, k, x, W, null, y, true);
          };
    return wasm !== null;
  }

  /**
   * forward() runs the GRU step's pointwise part in WebAssembly SIMD where available (float32 GRU networks), with the
   * same results as the JavaScript kernel. For inference only: it keeps none of the values backward() needs, so
   * backward() then refuses to run. Returns whether it does.
   */
  useWasmGru(): boolean {
    const gru = this.kernel === cellKernel('gru') && this.params[HEAD_WEIGHT] instanceof Float32Array;
    this.wasmGru = gru ? WasmGru.create() : null;
    return this.wasmGru !== null;
  }

  /** The params were changed in place (a training update): the next forward() reads their new values. */
  weightsChanged(): void {
    this.wasm?.reload();
  }

  /** matmulNT without accumulation, through WebAssembly when useWasmProducts() enabled it. */
  private product(R: number, N: number, K: number, x: Vec, W: Vec, bias: Vec | null, y: Vec, spans: ColumnSpans | null): void {
    const wasm = this.wasm;
    if (wasm !== null && x instanceof Float32Array && W instanceof Float32Array && y instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
      if (this.float32Products) wasm.matmulNT32(R, N, K, x, W, bias, y, spans);
      else wasm.matmulNT(R, N, K, x, W, bias, y, spans);
    } else {
      matmulNT(R, N, K, x, W, bias, y, false, spans);
    }
  }

  /** matmulTNAcc (the weight gradient), its product through WebAssembly when useWasmProducts() enabled it. */
  private weightGradient(R: number, N: number, K: number, d: Vec, x: Vec, dW: Vec, db: Vec | null, spans: ColumnSpans | null): void {
    matmulTNAcc(R, N, K, d, x, dW, db, spans, this.wasmAccumulate);
  }

  /** matmulNN (back-propagation to the input of a product), through WebAssembly when useWasmProducts() enabled it. */
  private gradientToInput(R: number, N: number, K: number, d: Vec, W: Vec, dx: Vec, accumulate: boolean, spans: ColumnSpans | null): void {
    const wasm = this.wasm;
    if (wasm !== null && spans === null && d instanceof Float32Array && W instanceof Float32Array && dx instanceof Float32Array) {
      wasm.matmulNN(R, N, K, d, W, dx, accumulate);
    } else {
      matmulNN(R, N, K, d, W, dx, accumulate, spans);
    }
  }

  /** Zero the recurrent state of every lane (a new stream). */
  resetState(): void {
    for (const h of this.state.h) h.fill(0);
    for (const c of this.state.c) c.fill(0);
  }

  /**
   * Run T ≤ maxT steps. x: [T, B, inputSize] (normalised). resets: [T, B] or null. dropout: applied to the outputs
   * of every layer but the last (as PyTorch), only when given. Returns the logits buffer ([T, B, C] valid).
   * The state after the last step is kept for the next call.
   */
  forward(T: number, x: Vec, resets: Uint8Array | null, dropout: { p: number; rng: Rng } | null): Vec {
    if (T > this.maxT) throw new Error(`chunk of ${T} steps exceeds the network's ${this.maxT}`);
    const { B, kernel, wasmGru } = this;
    const H = this.shape.hiddenSize;
    const GH = kernel.gates * H;
    this.input = x;
    this.resets = resets;
    this.lastT = T;
    let inp = x;
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      const spans = this.spans?.[l] ?? null;
      this.product(T * B, GH, L.inSize, inp, L.wih, L.bih, L.gi, spans?.wih ?? null);
      const h0 = this.state.h[l];
      const c0 = this.state.c[l];
      for (let t = 0; t < T; t++) {
        const hp = L.hpV[t];
        const cp = L.cpV[t];
        hp.set(t === 0 ? h0 : L.yV[t - 1]);
        if (kernel.hasCell) cp.set(t === 0 ? c0 : L.cV[t - 1]);
        if (resets !== null) {
          for (let b = 0; b < B; b++) {
            if (resets[t * B + b] !== 0) {
              hp.fill(0, b * H, (b + 1) * H);
              if (kernel.hasCell) cp.fill(0, b * H, (b + 1) * H);
            }
          }
        }
        this.product(B, GH, H, hp, L.whh, L.bhh, L.ghStep, spans?.whh ?? null);
        const gi = L.giV[t];
        const gh = L.ghStep;
        const y = L.yV[t];
        if (wasmGru !== null && gi instanceof Float32Array && gh instanceof Float32Array && hp instanceof Float32Array && y instanceof Float32Array) {
          wasmGru.forward(B, H, gi, gh, hp, y);
        } else {
          kernel.forward(B, H, gi, gh, hp, cp, y, L.cV[t], L.cacheV[t]);
        }
      }
      h0.set(L.yV[T - 1]);
      if (kernel.hasCell) c0.set(L.cV[T - 1]);
      L.yd = L.y;
      L.mask = null;
      if (dropout !== null && dropout.p > 0 && l < this.layers.length - 1) {
        const mask = (L.maskBuf ??= zerosLike(L.y, L.y.length));
        const yd = (L.ydBuf ??= zerosLike(L.y, L.y.length));
        L.mask = mask;
        const keep = 1 / (1 - dropout.p);
        for (let i = 0; i < T * B * H; i++) {
          mask[i] = dropout.rng.next() < dropout.p ? 0 : keep;
          yd[i] = L.y[i] * mask[i];
        }
        L.yd = yd;
      }
      inp = L.yd;
    }
    const C = this.shape.outputSize;
    this.product(T * B, C, H, inp, this.params[HEAD_WEIGHT], this.params[HEAD_BIAS], this.logits, this.headSpans);
    return this.logits;
  }

  /**
   * Back-propagate dL/dlogits ([T, B, C] of the last forward) through the chunk, adding parameter gradients into
   * `grads` (same names and shapes as the params) and leaving dL/d(initial state) in dState.
   */
  backward(dLogits: Vec, grads: Record<string, Vec>): void {
    if (this.wasmGru !== null) throw new Error('backward() after a forward() without its cache (useWasmGru is for inference only)');
    const T = this.lastT;
    const { B, kernel } = this;
    const H = this.shape.hiddenSize;
    const GH = kernel.gates * H;
    const C = this.shape.outputSize;
    const nL = this.layers.length;
    const top = this.layers[nL - 1];
    this.weightGradient(T * B, C, H, dLogits, top.yd, grads[HEAD_WEIGHT], grads[HEAD_BIAS], this.headSpans);
    this.gradientToInput(T * B, C, H, dLogits, this.params[HEAD_WEIGHT], top.dy, false, this.headSpans);
    const dhT = this.dhT;
    for (let l = nL - 1; l >= 0; l--) {
      const L = this.layers[l];
      const spans = this.spans?.[l] ?? null;
      const dh = this.dState.h[l];
      const dc = this.dState.c[l];
      dh.fill(0);
      dc.fill(0);
      for (let t = T - 1; t >= 0; t--) {
        const dy = L.dyV[t];
        for (let i = 0; i < B * H; i++) dhT[i] = dy[i] + dh[i];
        // dh receives the direct part of dL/dh_{t-1}; dc is read and overwritten in place (same index).
        kernel.backward(B, H, dhT, dc, L.hpV[t], L.cpV[t], L.cacheV[t], L.dgiV[t], L.dghV[t], dh, dc);
        this.gradientToInput(B, GH, H, L.dghV[t], L.whh, dh, true, spans?.whh ?? null);
        const resets = this.resets;
        if (resets !== null) {
          for (let b = 0; b < B; b++) {
            if (resets[t * B + b] !== 0) {
              dh.fill(0, b * H, (b + 1) * H);
              dc.fill(0, b * H, (b + 1) * H);
            }
          }
        }
      }
      const inp = l === 0 ? this.input : this.layers[l - 1].yd;
      this.weightGradient(T * B, GH, L.inSize, L.dgi, inp, grads[`weight_ih_l${l}`], grads[`bias_ih_l${l}`], spans?.wih ?? null);
      this.weightGradient(T * B, GH, H, L.dgh, L.hp, grads[`weight_hh_l${l}`], grads[`bias_hh_l${l}`], spans?.whh ?? null);
      if (l > 0) {
        const below = this.layers[l - 1];
        this.gradientToInput(T * B, GH, H, L.dgi, L.wih, below.dy, false, spans?.wih ?? null);
        const mask = below.mask;
        if (mask !== null) for (let i = 0; i < T * B * H; i++) below.dy[i] *= mask[i];
      }
    }
  }
}
