import { Option, type Command } from 'commander';
import { describeCalibration, type BiasCalibration } from '../../pipelines/calibrateLogitBias.js';
import { DEFAULT_FEATURE_SPEC, FEATURE_VERSIONS, featureSpecNamed, trainPipeline, type CellType } from '../../pipelines/train.js';
import { featureCacheDir } from './featureCacheDir.js';
import { nonNegativeInt, oneOf, positiveInt, nonNegativeNumber } from './options.js';

const CELLS = ['gru', 'lstm', 'rnn'] as const satisfies readonly CellType[];

interface TrainOptions {
  data: string[];
  val?: string[];
  out: string;
  cell: CellType;
  hidden: number;
  layers: number;
  delay: number;
  epochs: number;
  patience: number;
  seed: number;
  chunk: number;
  batch: number;
  lr?: number;
  init?: string;
  inputNoise: number;
  features: string;
  calibrate: boolean;
  maxFalseCuts?: number;
  cache: string;
  wasmProducts: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a model on one or more folders of videos with truth files (any label set).')
    .requiredOption('-d, --data <dir...>', 'training folder(s) of videos with NAME.labels.json truth files')
    .requiredOption('-o, --out <file>', 'model file to write (.safetensors)')
    .option('--val <dir...>', 'validation folder(s), pooled for early stopping (default: every fifth training video is held out)')
    .option('--cell <type>', `recurrent cell: ${CELLS.join(', ')}`, oneOf(CELLS), 'gru')
    .option('--hidden <n>', 'hidden units per layer', positiveInt, 64)
    .option('--layers <n>', 'stacked recurrent layers', positiveInt, 1)
    .option('--delay <frames>', 'output delay (look-ahead) in frames', nonNegativeInt, 4)
    .option('--epochs <n>', 'maximum epochs (early stopping on validation)', positiveInt, 30)
    .option('--patience <n>', 'stop after n epochs without a better validation macro-F1 (the best epoch is kept)', positiveInt, 8)
    .option('--seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--chunk <frames>', 'truncated-BPTT chunk length', positiveInt, 64)
    .option('--batch <n>', 'sequences per mini-batch', positiveInt, 16)
    .option('--lr <rate>', 'learning rate (default 3e-3, or 3e-4 with --init)', nonNegativeNumber)
    .option('--input-noise <sd>', 'Gaussian noise added to the normalised features while training (a regulariser; 0 = none)', nonNegativeNumber, 0)
    .option('--features <version>', `feature extractor: ${FEATURE_VERSIONS.join(', ')}`, oneOf(FEATURE_VERSIONS), DEFAULT_FEATURE_SPEC.name)
    .option('--no-calibrate', "keep the cut logit as trained (default: offset it for the best cut F1 on validation)")
    .option('--max-false-cuts <n>', 'calibrate among offsets with at most n false cuts per 5 min of each validation folder', nonNegativeNumber)
    .option('--cache <dir>', 'feature cache folder', featureCacheDir())
    .option('--no-wasm-products', "compute the products in JavaScript: half the speed, the arithmetic of trainings made before the WebAssembly products (a long training ends with other weights)")
    .addOption(
      new Option('--init <model>', "fine-tune this model (file or folder, e.g. models/default): its architecture, delay, labels and feature normalisation are kept")
        .conflicts(['cell', 'hidden', 'layers', 'delay', 'features']),
    )
    .action(async (opts: TrainOptions) => {
      const log = (line: string): boolean => process.stderr.write(line + '\n');
      const { model } = await trainPipeline({
        ...opts,
        init: opts.init,
        spec: featureSpecNamed(opts.features),
        maxFalseCutsPer5Min: opts.maxFalseCuts,
        cacheDir: opts.cache,
        onVideo: (done, total, name) => log(`features ${done}/${total} ${name}`),
        onEpoch: (p) =>
          log(
            `epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  val loss ${p.valLoss.toFixed(4)}  ` +
              `val acc ${p.valAccuracy.toFixed(3)}  val macro-F1 ${p.valMacroF1.toFixed(3)}  ${p.seconds.toFixed(1)}s${p.best ? '  *best' : ''}`,
          ),
      });
      const kept = model.meta.training ?? {};
      const cal = kept.cutCalibration as BiasCalibration | undefined;
      if (cal) log(describeCalibration(cal));
      log(`saved ${opts.out} (best epoch ${kept.bestEpoch}, val macro-F1 ${Number(kept.valMacroF1).toFixed(3)})`);
    });
}
