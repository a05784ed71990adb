/**
 * Train a model on a folder of labelled videos: features (cached) → normalisation → truncated-BPTT training
 * → the best model on validation, saved with its label set and feature statistics.
 */
import { basename } from 'node:path';
import { DEFAULT_FEATURE_SPEC } from '../src/features/featureSpec.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { computeNormalization } from '../src/recurrent/normalization.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import type { Model } from '../src/recurrent/model.js';
import { trainModel, type EpochProgress, type Sequence } from '../src/recurrent/trainModel.js';
import { UsageError } from '../src/errors.js';
import type { CellType, FeatureSpec, ModelMeta } from '../src/types.js';
import { calibrateLogitBias, withoutCalibration } from './calibrateLogitBias.js';
import { loadDataset, type LabelledVideo } from './loadDataset.js';

// The choices `framewise train` offers, for its callers.
export { DEFAULT_FEATURE_SPEC, FEATURE_VERSIONS, featureSpecNamed } from '../src/features/featureSpec.js';
export type { CellType } from '../src/types.js';

export interface TrainPipelineOptions {
  /** Training folder, or several trained on as one. */
  data: string | readonly string[];
  /**
   * Validation folder, or several (pooled for early stopping; the cut calibration's false-cut budget holds on each);
   * by default every fifth training video is held out.
   */
  val?: string | readonly string[];
  out: string;
  cell?: CellType;
  hidden?: number;
  layers?: number;
  delay?: number;
  epochs?: number;
  seed?: number;
  /** Truncated-BPTT chunk length in frames. */
  chunk?: number;
  batch?: number;
  /** Learning rate (default 3e-3; 3e-4 when fine-tuning, which should move the weights less). */
  lr?: number;
  patience?: number;
  dropout?: number;
  /** Gaussian noise on the normalised training inputs (see TrainOptions.inputNoise). */
  inputNoise?: number;
  /**
   * Calibrate the logit offset of the label set's point label (`cut`) on validation (default true; see
   * calibrateLogitBias.ts); a set without a point label has nothing to calibrate.
   */
  calibrate?: boolean;
  /**
   * Fine-tune this model instead of training a new one: its architecture, delay, labels and feature normalisation are
   * kept (cell, hidden, layers, delay and spec are then ignored), and its recorded cut calibration is taken out first,
   * so that training starts from the model as it was trained.
   */
  init?: Model | string;
  /** Budget of false cuts per 5 minutes of validation video for that calibration. */
  maxFalseCutsPer5Min?: number;
  /** What the labels are (roles, minimum lengths, colours), recorded in the model; ignored with `init`, whose is kept. */
  labelInfo?: ModelMeta['labelInfo'];
  spec?: FeatureSpec;
  cacheDir?: string;
  /** Training's products in WebAssembly (default true); false: in JavaScript, the arithmetic of trainings before them (TrainOptions.wasm). */
  wasmProducts?: boolean;
  onVideo?: (done: number, total: number, name: string) => void;
  onEpoch?: (p: EpochProgress) => void;
}

/**
 * Class weights (N / (C · count))^½: rare labels such as `cut` weigh more, but less than fully balanced
 * weights, which make a model fire rare labels too eagerly (false cuts on flashes and fast motion).
 */
export function sqrtBalancedWeights(videos: LabelledVideo[], labels: string[]): number[] {
  const counts = new Array<number>(labels.length).fill(0);
  for (const v of videos) for (const t of v.targets) counts[t]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (n > 0 ? Math.sqrt(total / (labels.length * n)) : 1));
}

function toSequence(v: LabelledVideo): Sequence {
  return { inputs: v.values, targets: v.targets };
}

export async function trainPipeline(opts: TrainPipelineOptions): Promise<{ model: Model; history: EpochProgress[] }> {
  const given = opts.init === undefined ? undefined : await resolveModel(opts.init);
  const initPoint = given && labelRegistry(given.meta).pointLabel();
  const init = given && (initPoint ? withoutCalibration(given, initPoint) : given);
  const spec: FeatureSpec = init?.meta.feature ?? opts.spec ?? DEFAULT_FEATURE_SPEC;
  const dataDirs = typeof opts.data === 'string' ? [opts.data] : opts.data;
  const { labels, videos } = await loadDataset(dataDirs, { spec, cacheDir: opts.cacheDir, labels: init?.meta.labels, onVideo: opts.onVideo });
  let train = videos;
  let val: LabelledVideo[];
  const valDirs = typeof opts.val === 'string' ? [opts.val] : (opts.val ?? []);
  if (valDirs.length > 0) {
    val = (await loadDataset(valDirs, { spec, cacheDir: opts.cacheDir, labels, onVideo: opts.onVideo })).videos;
  } else {
    if (videos.length < 2) throw new UsageError('E_USAGE', `${dataDirs.join(', ')}: need at least 2 videos to hold one out for validation (or pass --val DIR)`);
    val = videos.filter((_, i) => i % 5 === 4 || (videos.length < 5 && i === videos.length - 1));
    train = videos.filter((v) => !val.includes(v));
  }
  const training = {
    data: dataDirs.map((d) => basename(d)).join(', '),
    videos: train.length,
    validationVideos: val.length,
    frames: train.reduce((a, v) => a + v.targets.length, 0),
    seed: opts.seed ?? 1,
    ...(opts.inputNoise ? { inputNoise: opts.inputNoise } : {}),
  };
  const meta: ModelMeta = init
    ? { ...init.meta, training: { ...training, init: init.meta.training ?? {} } }
    : {
        format: 'framewise-model',
        version: 1,
        cell: opts.cell ?? 'gru',
        inputSize: spec.dim,
        hiddenSize: opts.hidden ?? 64,
        numLayers: opts.layers ?? 1,
        delay: opts.delay ?? 4,
        labels,
        ...(opts.labelInfo ? { labelInfo: opts.labelInfo } : {}),
        feature: { ...spec, ...computeNormalization(train.map((v) => v.values), spec.dim) },
        training,
      };
  const { model, history } = trainModel(meta, train.map(toSequence), val.map(toSequence), {
    epochs: opts.epochs ?? 30,
    chunk: opts.chunk ?? 64,
    batch: opts.batch ?? 16,
    lr: opts.lr ?? (init ? 3e-4 : 3e-3),
    weightDecay: 1e-4,
    clip: 1,
    seed: opts.seed ?? 1,
    patience: opts.patience ?? 8,
    classWeights: sqrtBalancedWeights(train, labels),
    dropout: opts.dropout,
    inputNoise: opts.inputNoise,
    init,
    wasm: opts.wasmProducts,
    onEpoch: opts.onEpoch,
  });
  // trainModel has already recorded the kept epoch and its validation scores in model.meta.training.
  const point = labelRegistry(model.meta).pointLabel();
  if (opts.calibrate !== false && point !== null) {
    // Held-out training videos are one pool whatever folders they came from; given folders each keep the budget.
    await calibrateLogitBias(model, val, point, { maxFalsePer5Min: opts.maxFalseCutsPer5Min, budgetPerFolder: valDirs.length > 0 });
  }
  await saveModel(opts.out, model);
  return { model, history };
}
