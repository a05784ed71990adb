import { ModelError } from '../errors.js';
import { softmaxInto } from './loss.js';
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
  private readonly x: Float32Array; // [inputSize] normalised input
  private readonly mean: Float32Array; // [inputSize]
  private readonly invStd: Float32Array; // [inputSize]
  private readonly probs: Float32Array; // [labels]
  private readonly C: number;

  constructor(model: Model) {
    this.model = model;
    const m = model.meta;
    this.C = m.labels.length;
    this.net = new Network(
      { cell: m.cell, inputSize: m.inputSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, outputSize: this.C },
      model.params,
      1,
      1,
    );
    this.net.skipZeroSpans();
    this.x = new Float32Array(m.inputSize);
    this.mean = Float32Array.from(m.feature.mean);
    this.invStd = Float32Array.from(m.feature.std, (s) => 1 / s);
    this.probs = new Float32Array(this.C);
  }

  /** Feed one frame's raw features [inputSize]; returns softmax probabilities [labels] (a view valid until the next step). */
  step(raw: Float32Array): Float32Array {
    const n = this.x.length;
    if (raw.length !== n) {
      throw new ModelError('E_MODEL_INVALID', `feature vector has ${raw.length} values but the model expects ${n} (feature spec ${this.model.meta.feature.name})`);
    }
    for (let i = 0; i < n; i++) {
      const v = (raw[i] - this.mean[i]) * this.invStd[i];
      // A non-finite feature would poison the state for the rest of the stream; read it as the mean instead.
      this.x[i] = Number.isFinite(v) ? v : 0;
    }
    const logits = this.net.forward(1, this.x, null, null);
    softmaxInto(this.C, logits, 0, this.probs);
    return this.probs;
  }

  /** Forget the stream: the next step starts from the zero state. */
  resetState(): void {
    this.net.resetState();
  }
}
