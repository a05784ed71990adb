import { UsageError } from '../errors.js';
import type { ModelMeta } from '../types.js';
import { macroF1 } from '../evaluate/macroF1.js';
import { Adam } from './Adam.js';
import { softmaxCrossEntropy } from './loss.js';
import { createModel, type Model } from './model.js';
import { Network, type NetworkShape } from './Network.js';
import { Rng } from './rng.js';

export interface Sequence {
  inputs: Float32Array /*[T*inputSize] RAW features*/;
  targets: Int32Array /*[T] label index per frame*/;
}

export interface TrainOptions {
  epochs: number;
  /** TBPTT length in steps: gradients stop at chunk boundaries, the state is carried over. */
  chunk: number;
  /** Lanes (sequences advanced together in lockstep). */
  batch: number;
  lr: number;
  /** > 0 turns Adam into AdamW (decoupled decay on weight matrices). */
  weightDecay?: number;
  /** Global gradient-norm clip (default 1; 0 disables). */
  clip?: number;
  seed: number;
  /** Stop after this many epochs without a better validation macro-F1. */
  patience?: number;
  classWeights?: number[] | 'balanced';
  /** Dropout between stacked layers (training only). */
  dropout?: number;
  /**
   * Standard deviation of Gaussian noise added to the normalised inputs of training steps (0 = none): a regulariser,
   * since a network that must not rely on any one value's exact level generalises better to unseen video.
   */
  inputNoise?: number;
  /** Learning-rate schedule: 'cosine' (default: short warm-up, then cosine decay to 5 %) or 'constant'. */
  schedule?: 'cosine' | 'constant';
  /**
   * Start from these weights instead of a fresh initialisation (fine-tuning). Its weights that are exactly zero stay
   * zero: a seed ensemble's off-diagonal blocks, so that its members stay apart and streaming still skips them.
   */
  init?: Model;
  /** Ablation: reset the state before every step, so the network cannot remember (a memoryless baseline). */
  memoryless?: boolean;
  /**
   * Products (forward, and both gradients) in WebAssembly SIMD where available (default true): epochs about three
   * times as fast, and as deterministic. Their float64 sums add the same terms in another order, so over a long training a
   * float32 rounding now and then differs from the JavaScript's and the weights drift apart a little: false trains
   * exactly as framewise did before it (the shipped live model was trained so; the ensemble with WebAssembly).
   */
  wasm?: boolean;
  onEpoch?: (p: EpochProgress) => void;
}

export interface EpochProgress {
  epoch: number;
  epochs: number;
  /** Mean (class-weighted) training cross-entropy of the epoch. */
  loss: number;
  /** Mean unweighted cross-entropy on the validation set. */
  valLoss: number;
  valAccuracy: number;
  valMacroF1: number;
  seconds: number;
  /** Whether this epoch is the best so far (the one kept). */
  best: boolean;
}

/** A training sequence ready to stream: normalised inputs extended by D frames, targets shifted by D. */
interface Piece {
  x: Float32Array; // [len, inputSize]
  y: Int32Array; // [len] target or -1 (no loss)
  len: number;
}

/**
 * Normalise, extend by D copies of the last input, and shift targets so that the output at step t is trained on
 * target[t − D] (steps t < D carry no loss): exactly the streaming convention of recurrentLabel.
 */
function prepare(s: Sequence, meta: ModelMeta, name: string): Piece {
  const I = meta.inputSize;
  const T = s.targets.length;
  const D = meta.delay;
  const C = meta.labels.length;
  if (s.inputs.length !== T * I) throw new UsageError('E_USAGE', `${name}: ${s.inputs.length} input values for ${T} targets of ${I} features`);
  if (T === 0) throw new UsageError('E_USAGE', `${name}: empty sequence`);
  const len = T + D;
  const x = new Float32Array(len * I);
  const y = new Int32Array(len).fill(-1);
  const { mean, std } = meta.feature;
  for (let i = 0; i < s.inputs.length; i++) {
    if (!Number.isFinite(s.inputs[i])) throw new UsageError('E_USAGE', `${name}: non-finite feature value at frame ${Math.floor(i / I)}, feature ${i % I}`);
  }
  for (let t = 0; t < len; t++) {
    const src = Math.min(t, T - 1) * I;
    for (let i = 0; i < I; i++) x[t * I + i] = (s.inputs[src + i] - mean[i]) / std[i];
  }
  for (let t = 0; t < T; t++) {
    const c = s.targets[t];
    if (!(c >= 0 && c < C)) throw new UsageError('E_USAGE', `${name}: target ${c} at frame ${t} is not a label index (0..${C - 1})`);
    y[t + D] = c;
  }
  return { x, y, len };
}

/**
 * Cut pieces longer than maxLen so lanes balance; a cut restarts the state, so the first D targets after a cut
 * (frames the restarted state never saw) carry no loss.
 */
function split(p: Piece, maxLen: number, I: number, D: number): Piece[] {
  if (p.len <= maxLen) return [p];
  const out: Piece[] = [];
  for (let s = 0; s < p.len; s += maxLen) {
    const e = Math.min(p.len, s + maxLen);
    const y = p.y.slice(s, e);
    if (s > 0) y.fill(-1, 0, Math.min(D, y.length));
    out.push({ x: p.x.subarray(s * I, e * I), y, len: e - s });
  }
  return out;
}

/** Deal pieces (in the given order) to B lanes, each to the currently shortest lane. */
function deal(pieces: Piece[], B: number): { lanes: Piece[][]; length: number } {
  const lanes: Piece[][] = Array.from({ length: B }, () => []);
  const lens = new Array<number>(B).fill(0);
  for (const p of pieces) {
    let b = 0;
    for (let k = 1; k < B; k++) if (lens[k] < lens[b]) b = k;
    lanes[b].push(p);
    lens[b] += p.len;
  }
  return { lanes, length: Math.max(0, ...lens) };
}

/** Streams B lanes of back-to-back pieces as chunks of [T, B] steps, with a reset flag where a piece starts. */
class LaneFeeder {
  private readonly piece: number[];
  private readonly offset: number[];
  constructor(
    private readonly lanes: Piece[][],
    private readonly I: number,
  ) {
    this.piece = new Array<number>(lanes.length).fill(0);
    this.offset = new Array<number>(lanes.length).fill(0);
  }
  fill(T: number, x: Float32Array /*[T, B, I]*/, y: Int32Array /*[T, B]*/, resets: Uint8Array /*[T, B]*/, memoryless: boolean): void {
    const B = this.lanes.length;
    const I = this.I;
    for (let b = 0; b < B; b++) {
      const lane = this.lanes[b];
      for (let t = 0; t < T; t++) {
        const r = t * B + b;
        const p = lane[this.piece[b]];
        if (p === undefined) {
          x.fill(0, r * I, (r + 1) * I);
          y[r] = -1;
          resets[r] = 1;
          continue;
        }
        const o = this.offset[b];
        x.set(p.x.subarray(o * I, (o + 1) * I), r * I);
        y[r] = p.y[o];
        resets[r] = o === 0 || memoryless ? 1 : 0;
        if (++this.offset[b] >= p.len) {
          this.piece[b]++;
          this.offset[b] = 0;
        }
      }
    }
  }
}

/** 'balanced' weights: N / (C · count_c), as scikit-learn; absent classes get weight 1. */
function balancedWeights(pieces: Piece[], C: number): number[] {
  const count = new Array<number>(C).fill(0);
  let n = 0;
  for (const p of pieces) {
    for (let t = 0; t < p.len; t++) {
      if (p.y[t] < 0) continue;
      count[p.y[t]]++;
      n++;
    }
  }
  return count.map((k) => (k > 0 ? n / (C * k) : 1));
}

interface Evaluation {
  loss: number;
  accuracy: number;
  macroF1: number;
}

/** Confusion-based accuracy and macro-F1 (the one eval reports: over labels present in the truth) of argmax outputs. */
function evaluate(net: Network, pieces: Piece[], I: number, C: number, memoryless: boolean): Evaluation {
  const B = net.B;
  const T = net.maxT;
  // Longest first balances the lanes; evaluation order does not matter.
  const { lanes, length } = deal([...pieces].sort((a, b) => b.len - a.len), B);
  const feeder = new LaneFeeder(lanes, I);
  const x = new Float32Array(T * B * I);
  const y = new Int32Array(T * B);
  const resets = new Uint8Array(T * B);
  const confusion = new Float64Array(C * C); // [truth, predicted]
  let lossSum = 0;
  let lossN = 0;
  net.resetState();
  for (let s = 0; s < length; s += T) {
    const n = Math.min(T, length - s);
    feeder.fill(n, x, y, resets, memoryless);
    const logits = net.forward(n, x, resets, null);
    const r = softmaxCrossEntropy(n * B, C, logits, y, null, null);
    lossSum += r.loss * r.weight;
    lossN += r.weight;
    for (let k = 0; k < n * B; k++) {
      if (y[k] < 0) continue;
      let best = 0;
      for (let c = 1; c < C; c++) if (logits[k * C + c] > logits[k * C + best]) best = c;
      confusion[y[k] * C + best]++;
    }
  }
  let correct = 0;
  for (let c = 0; c < C; c++) correct += confusion[c * C + c];
  const total = confusion.reduce((a, b) => a + b, 0);
  const rows = Array.from({ length: C }, (_, c) => confusion.subarray(c * C, (c + 1) * C));
  return { loss: lossN > 0 ? lossSum / lossN : 0, accuracy: total > 0 ? correct / total : 0, macroF1: macroF1(rows) };
}

/** Per tensor, the indices of its exactly-zero values. */
function zeroIndices(params: Record<string, Float32Array>): Array<[name: string, indices: Uint32Array]> {
  const out: Array<[string, Uint32Array]> = [];
  for (const [name, v] of Object.entries(params)) {
    const idx: number[] = [];
    for (let i = 0; i < v.length; i++) if (v[i] === 0) idx.push(i);
    if (idx.length > 0) out.push([name, Uint32Array.from(idx)]);
  }
  return out;
}

function copyParams(p: Record<string, Float32Array>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(p)) out[k] = Float32Array.from(v);
  return out;
}

/**
 * Train a recurrent model with truncated BPTT: sequences are dealt (shuffled, per epoch) to `batch` lanes that
 * advance in lockstep through chunks of `chunk` steps, state carried across chunks and reset where a sequence
 * starts; Adam/AdamW, gradient-norm clipping, warm-up + cosine schedule, early stopping on validation macro-F1
 * (the best epoch's weights are returned; with no validation sequences the training set is evaluated instead).
 * Deterministic for a given seed.
 * The delay convention is described at prepare().
 */
export function trainModel(meta: ModelMeta, train: Sequence[], val: Sequence[], opts: TrainOptions): { model: Model; history: EpochProgress[] } {
  const I = meta.inputSize;
  const C = meta.labels.length;
  const D = meta.delay;
  const B = Math.max(1, Math.floor(opts.batch));
  const T = Math.max(1, Math.floor(opts.chunk));
  if (meta.feature.mean.length !== I || meta.feature.std.length !== I) throw new UsageError('E_USAGE', `feature mean/std must have ${I} values (computeNormalization)`);
  if (train.length === 0) throw new UsageError('E_USAGE', 'no training sequences');
  const trainPieces = train.map((s, i) => prepare(s, meta, `training sequence ${i}`));
  const valPieces = val.length > 0 ? val.map((s, i) => prepare(s, meta, `validation sequence ${i}`)) : trainPieces;
  const totalLen = trainPieces.reduce((a, p) => a + p.len, 0);
  const maxPiece = Math.max(T * 4, Math.ceil(totalLen / B));
  const pieces = trainPieces.flatMap((p) => split(p, maxPiece, I, D));

  let weights: number[] | null = null;
  if (opts.classWeights === 'balanced') weights = balancedWeights(pieces, C);
  else if (opts.classWeights !== undefined) {
    if (opts.classWeights.length !== C) throw new UsageError('E_USAGE', `classWeights has ${opts.classWeights.length} values for ${C} labels`);
    weights = opts.classWeights;
  }

  const model: Model = opts.init ? { meta, params: copyParams(opts.init.params) } : createModel(meta, opts.seed);
  const params = model.params;
  const shape: NetworkShape = { cell: meta.cell, inputSize: I, hiddenSize: meta.hiddenSize, numLayers: meta.numLayers, outputSize: C };
  const net = new Network(shape, params, T, B);
  const evalNet = new Network(shape, params, T, B);
  const grads: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(params)) grads[k] = new Float32Array(v.length);
  const adam = new Adam(params, { weightDecay: opts.weightDecay ?? 0 });
  // A zero gradient keeps these at zero: Adam's moments stay zero and the decay of zero is zero.
  const keptZero = opts.init ? zeroIndices(params) : [];
  if (keptZero.length > 0) {
    net.skipZeroSpans();
    evalNet.skipZeroSpans();
  }
  if (opts.wasm ?? true) {
    // Told of every change to the weights below.
    net.useWasmProducts();
    evalNet.useWasmProducts();
  }
  const shuffleRng = new Rng(opts.seed);
  const dropRng = new Rng(opts.seed + 0x5eed);
  const dropout = opts.dropout !== undefined && opts.dropout > 0 ? { p: opts.dropout, rng: dropRng } : null;
  const noise = opts.inputNoise ?? 0;
  if (!(noise >= 0)) throw new UsageError('E_USAGE', `inputNoise must be 0 or more, got ${noise}`);
  const noiseRng = new Rng(opts.seed + 0x7015e);
  const clip = opts.clip ?? 1;
  const memoryless = opts.memoryless ?? false;

  // Schedule over an estimate of the total number of updates (lane lengths vary a little per epoch).
  const updatesPerEpoch = Math.max(1, Math.ceil(totalLen / B / T));
  const totalUpdates = updatesPerEpoch * opts.epochs;
  const warmup = Math.min(100, Math.ceil(totalUpdates * 0.05));
  const lrAt = (u: number): number => {
    if (opts.schedule === 'constant') return opts.lr;
    if (u < warmup) return (opts.lr * (u + 1)) / warmup;
    const p = Math.min(1, (u - warmup) / Math.max(1, totalUpdates - warmup));
    return opts.lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * p)));
  };

  const x = new Float32Array(T * B * I);
  const y = new Int32Array(T * B);
  const resets = new Uint8Array(T * B);
  const dLogits = new Float32Array(T * B * C);
  const history: EpochProgress[] = [];
  let best: { f1: number; loss: number; epoch: number; params: Record<string, Float32Array> } | null = null;
  let update = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = performance.now();
    const { lanes, length } = deal(shuffleRng.shuffle([...pieces]), B);
    const feeder = new LaneFeeder(lanes, I);
    net.resetState();
    let lossSum = 0;
    let lossN = 0;
    for (let s = 0; s < length; s += T) {
      const n = Math.min(T, length - s);
      feeder.fill(n, x, y, resets, memoryless);
      if (noise > 0) for (let i = 0; i < n * B * I; i++) x[i] += noise * noiseRng.normal();
      const logits = net.forward(n, x, resets, dropout);
      const r = softmaxCrossEntropy(n * B, C, logits, y, weights, dLogits);
      if (r.weight === 0) continue;
      lossSum += r.loss * r.weight;
      lossN += r.weight;
      for (const g of Object.values(grads)) g.fill(0);
      net.backward(dLogits, grads);
      for (const [name, idx] of keptZero) for (const i of idx) grads[name][i] = 0;
      if (clip > 0) {
        let sq = 0;
        for (const g of Object.values(grads)) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
        const norm = Math.sqrt(sq);
        if (norm > clip) {
          const k = clip / norm;
          for (const g of Object.values(grads)) for (let i = 0; i < g.length; i++) g[i] *= k;
        }
      }
      adam.step(grads, lrAt(update++));
      net.weightsChanged();
    }
    evalNet.weightsChanged();
    const ev = evaluate(evalNet, valPieces, I, C, memoryless);
    const isBest = best === null || ev.macroF1 > best.f1 || (ev.macroF1 === best.f1 && ev.loss < best.loss);
    if (isBest) best = { f1: ev.macroF1, loss: ev.loss, epoch, params: copyParams(params) };
    const progress: EpochProgress = {
      epoch,
      epochs: opts.epochs,
      loss: lossN > 0 ? lossSum / lossN : 0,
      valLoss: ev.loss,
      valAccuracy: ev.accuracy,
      valMacroF1: ev.macroF1,
      seconds: (performance.now() - started) / 1000,
      best: isBest,
    };
    history.push(progress);
    opts.onEpoch?.(progress);
    if (opts.patience !== undefined && best !== null && epoch - best.epoch >= opts.patience) break;
  }
  const kept = best!;
  const bestEpoch = history[kept.epoch - 1];
  const outMeta: ModelMeta = {
    ...meta,
    training: { ...meta.training, bestEpoch: kept.epoch, epochsRun: history.length, valAccuracy: bestEpoch.valAccuracy, valMacroF1: bestEpoch.valMacroF1 },
  };
  return { model: { meta: outMeta, params: kept.params }, history };
}
