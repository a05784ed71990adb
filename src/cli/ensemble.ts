import type { Command } from 'commander';
import { describeCalibration } from '../../pipelines/calibrateLogitBias.js';
import { ensemblePipeline } from '../../pipelines/ensemble.js';
import { featureCacheDir } from './featureCacheDir.js';
import { nonNegativeNumber } from './options.js';

export function registerEnsemble(program: Command): void {
  program
    .command('ensemble')
    .description('Combine models of one recipe trained with different seeds into one model (mean of their logits).')
    .argument('<models...>', 'model files (.safetensors) with the same cell, layers, delay, labels and features')
    .requiredOption('-o, --out <file>', 'model file to write')
    .option('--val <dir...>', 'validation folder(s): calibrate the cut logit on them, as `framewise train` does')
    .option('--max-false-cuts <n>', 'with --val: only offsets with at most n false cuts per 5 min of each validation folder compete on cut F1', nonNegativeNumber)
    .option('--cache <dir>', 'feature cache folder', featureCacheDir())
    .action(async (models: string[], opts: { out: string; val?: string[]; maxFalseCuts?: number; cache: string }) => {
      const { model, calibration } = await ensemblePipeline({ models, out: opts.out, val: opts.val, maxFalseCutsPer5Min: opts.maxFalseCuts, cacheDir: opts.cache });
      if (calibration) process.stderr.write(`${describeCalibration(calibration)}\n`);
      const m = model.meta;
      process.stdout.write(`${opts.out}: ${models.length} models, ${m.cell} ${m.numLayers}x${m.hiddenSize}, labels ${m.labels.join(', ')}, delay ${m.delay}\n`);
    });
}
