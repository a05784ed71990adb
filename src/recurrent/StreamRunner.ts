import { ModelError } from '../errors.js';
import { softmaxIntoAt } from './loss.js';
import type { Model } from './model.js';
import { Network } from './Network.js';

/**
 * Runs a model one frame at a time over an unbounded stream, keeping the recurrent state between calls.
 * Normalises raw features with the model's mean/std. Allocates nothing per step.
 * The output of step k belongs to frame k − meta.delay (recurrentLabel does that bookkeeping).
 */
export class StreamRunner {
  readonly model: Model;
  private readonly net: Network;
  private readonly x: Float32Array; // [maxSteps, inputSize] normalised inputs
  private readonly mean: Float32Array; // [inputSize]
  private readonly invStd: Float32Array; // [inputSize]
  private readonly probs: Float32Array; // [maxSteps, labels]
  private readonly C: number;
  /** Most frames one call to stepMany() takes. */
  readonly maxSteps: number;

  /**
   * @param maxSteps - frames that stepMany() may take at once: their input products then share each load of the
   *   weights (four frames at a time), the recurrent steps still run one after the other. Outputs are the same as
   *   one step at a time.
   * @param opts.wasm - products in WebAssembly SIMD where available (default true; the same results, faster).
   * @param opts.float32 - those products' sums in float32 rather than float64 (default true: faster; the scores
   *   within a few float32 roundings of the float64 sums', the labels the same but where two scores all but tie).
   * @param opts.wasmGru - a GRU's step nonlinearities in WebAssembly SIMD too (default: as `wasm`; the same results).
   */
  constructor(model: Model, maxSteps = 1, opts: { wasm?: boolean; wasmGru?: boolean; float32?: boolean } = {}) {
    this.maxSteps = Math.max(1, Math.floor(maxSteps));
    this.model = model;
    const m = model.meta;
    this.C = m.labels.length;
    this.net = new Network(
      { cell: m.cell, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, outputSize: this.C },
      model.params,
      this.maxSteps,
      1,
    );
    this.net.skipZeroSpans();
    if (opts.wasm ?? true) this.net.useWasmProducts({ float32: opts.float32 ?? true });
    if (opts.wasmGru ?? opts.wasm ?? true) this.net.useWasmGru();
    this.x = new Float32Array(this.maxSteps * m.inputSize);
    this.mean = Float32Array.from(m.feature.mean);
    this.invStd = Float32Array.from(m.feature.std, (s) => 1 / s);
    this.probs = new Float32Array(this.maxSteps * this.C);
  }

  /** Feed one frame's raw features [inputSize]; returns softmax probabilities [labels] (a view valid until the next step). */
  step(raw: Float32Array): Float32Array {
    this.normalise(raw, 0);
    return this.run(1).subarray(0, this.C);
  }

  /**
   * Feed `T` ≤ maxSteps frames' raw features at once; returns their probabilities [T, labels], frame after frame (a
   * view valid until the next call).
   */
  stepMany(raws: readonly Float32Array[]): Float32Array {
    const T = raws.length;
    if (T > this.maxSteps) throw new RangeError(`${T} frames at once, at most ${this.maxSteps}`);
    for (let t = 0; t < T; t++) this.normalise(raws[t], t);
    return this.run(T).subarray(0, T * this.C);
  }

  private normalise(raw: Float32Array, t: number): void {
    const n = this.mean.length;
    if (raw.length !== n) {
      throw new ModelError('E_MODEL_INVALID', `feature vector has ${raw.length} values but the model expects ${n} (feature spec ${this.model.meta.feature.name})`);
    }
    const { x, mean, invStd } = this;
    const o = t * n;
    for (let i = 0; i < n; i++) {
      const v = (raw[i] - mean[i]) * invStd[i];
      // A non-finite feature would poison the state for the rest of the stream; read it as the mean instead.
      x[o + i] = Number.isFinite(v) ? v : 0;
    }
  }

  private run(T: number): Float32Array {
    const logits = this.net.forward(T, this.x, null, null);
    for (let t = 0; t < T; t++) softmaxIntoAt(this.C, logits, t * this.C, this.probs, t * this.C);
    return this.probs;
  }

  /** Forget the stream: the next step starts from the zero state. */
  resetState(): void {
    this.net.resetState();
  }
}

