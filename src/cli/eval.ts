import type { Command } from 'commander';
import { fastDecodeOption, modelOption } from './options.js';
import { evaluatePipeline, formatEvalReport } from '../../pipelines/evaluate.js';
import { sweepSensitivity } from '../../pipelines/sweepSensitivity.js';
import { formatSweep } from './formatSweep.js';
import { featureCacheDir } from './featureCacheDir.js';
import { progressBar, wantProgress } from './progressBar.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Score a model on a folder of videos with truth files (per-frame and transition metrics, with a baseline).')
    .requiredOption('-d, --data <dir>', 'folder of videos with NAME.labels.json truth files')
    .addOption(modelOption())
    .option('--json', 'print the report as JSON')
    .option('--errors', 'also list each false and each missed transition event of the model (video, label, frames)')
    .option('--against <model>', 'also score this model on the same videos, and print the differences with paired bootstrap intervals over the videos')
    .option('--sweep', 'instead: transition precision/recall/F1 for --cut-sensitivity and --gradual-sensitivity from -2 to +2 (step 0.5)')
    .option('--cache <dir>', 'feature cache folder', featureCacheDir())
    .addOption(fastDecodeOption())
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (opts: { data: string; model: string; json?: boolean; errors?: boolean; against?: string; sweep?: boolean; cache: string; fastDecode?: boolean; progress?: boolean }) => {
      if (opts.sweep) {
        const bar = progressBar(wantProgress(opts.progress, true), null, 'settings');
        const sweep = await sweepSensitivity(opts.model, opts.data, { cacheDir: opts.cache, onSetting: (done) => bar.update(done) }).finally(() => bar.stop());
        process.stdout.write((opts.json ? JSON.stringify(sweep, null, 2) : formatSweep(sweep)) + '\n');
        return;
      }
      const bar = progressBar(wantProgress(opts.progress, true), null, 'videos');
      const report = await evaluatePipeline(opts.model, opts.data, { cacheDir: opts.cache, fastDecode: opts.fastDecode, against: opts.against, onVideo: (done) => bar.update(done) }).finally(() => bar.stop());
      process.stdout.write((opts.json ? JSON.stringify(report, null, 2) : formatEvalReport(report, { errors: opts.errors })) + '\n');
    });
}
