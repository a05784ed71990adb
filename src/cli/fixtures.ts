import type { Command } from 'commander';
import { generateFixtures } from '../../fixtures/generateFixtures.js';
import { DEFAULT_DISTRACTORS } from '../../fixtures/planVideo.js';
import { SPLITS, type Split } from '../../fixtures/splits.js';
import { fileStem, fraction, nonNegativeInt, oneOf, positiveInt } from './options.js';
import { progressBar, wantProgress } from './progressBar.js';

export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description('Generate labelled test/training videos (mp4 + NAME.labels.json truth files).')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('-n, --count <n>', 'number of videos', positiveInt, 10)
    .option('-s, --seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--split <name>', `source mix: ${SPLITS.join(', ')}`, oneOf(SPLITS), 'train')
    .option('--prefix <name>', 'video names: PREFIX-0000.mp4 … (default: the split)', fileStem)
    .option('--distractors <p>', `chance that a shot gets a camera flash, and separately an exposure change (default: ${DEFAULT_DISTRACTORS})`, fraction)
    .option('--exposure-changes <p>', 'chance of the exposure change alone, e.g. 0 for flashes only (default: as --distractors)', fraction)
    .option('--fast-pans <p>', 'chance that a moving shot over a picture pans fast, 2-5 % of its width per frame (default: 0)', fraction)
    .option('--events-after-cuts <p>', 'chance that a shot entered by a cut gets a flash or an exposure step within its first five frames (default: 0)', fraction)
    .option('--footage <dir>', 'folder of real clips and photos (default: ../shared/footage when present)')
    .option('--no-footage', 'use generated sources only')
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (opts: { out: string; count: number; seed: number; split: Split; prefix?: string; distractors?: number; exposureChanges?: number; fastPans?: number; eventsAfterCuts?: number; footage?: string | false; progress?: boolean }) => {
      const bar = progressBar(wantProgress(opts.progress, false), opts.count, 'videos');
      try {
        const videos = await generateFixtures({
          out: opts.out,
          count: opts.count,
          seed: opts.seed,
          split: opts.split,
          prefix: opts.prefix,
          overrides: { distractors: opts.distractors, exposureChanges: opts.exposureChanges, fastPans: opts.fastPans, eventsAfterCuts: opts.eventsAfterCuts },
          footage: opts.footage === false ? null : opts.footage,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        process.stdout.write(videos.join('\n') + '\n');
      } finally {
        bar.stop();
      }
    });
}
