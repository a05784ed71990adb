import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { buildRealVal } from '../../fixtures/buildRealVal.js';
import { generateFixtures } from '../../fixtures/generateFixtures.js';
import { DEFAULT_DISTRACTORS, type PlanLimits } from '../../fixtures/planVideo.js';
import { SOURCE_FAMILIES, SPLITS, TRAINING_SPLITS, type SourceWeights, type Split } from '../../fixtures/splits.js';
import { UsageError } from '../errors.js';
import { packageRoot } from '../packageRoot.js';
import { fileStem, fraction, nonNegativeInt, nonNegativeNumber, oneOf, positiveInt } from './options.js';
import { progressBar, wantProgress } from './progressBar.js';

/** The generator's plan options that the command passes on as they are (each a `--kebab-case` flag). */
const PLAN_OPTIONS = ['distractors', 'exposureChanges', 'fastPans', 'eventsAfterCuts', 'realMotion', 'dipVariety', 'flicker', 'flashPairs', 'shortGradual', 'similarGradual', 'similarCuts', 'otherTakes', 'sourceWeights'] as const satisfies ReadonlyArray<keyof PlanLimits>;
type PlanOptions = Pick<PlanLimits, (typeof PLAN_OPTIONS)[number]>;
/** Options of the generator that mean nothing to --real-val (given with it, they are a usage error). */
const GENERATOR_ONLY = ['split', 'prefix', ...PLAN_OPTIONS, 'debianPhotos'] as const;

/** `clip=6,photo=1`: the source families' weights, a family not named at 0. */
function sourceWeights(value: string): SourceWeights {
  const weights = Object.fromEntries(SOURCE_FAMILIES.map((f) => [f, 0])) as SourceWeights;
  for (const part of value.split(',')) {
    const [name, w] = part.split('=');
    const family = SOURCE_FAMILIES.find((f) => f === name.trim());
    if (!family || w === undefined || w.trim() === '') throw new InvalidArgumentError(`expected FAMILY=WEIGHT,… with families ${SOURCE_FAMILIES.join(', ')}.`);
    weights[family] = nonNegativeNumber(w);
  }
  if (SOURCE_FAMILIES.every((f) => weights[f] === 0)) throw new InvalidArgumentError('expected at least one weight > 0.');
  return weights;
}

interface FixturesOptions extends PlanOptions {
  out: string;
  count?: number;
  seed: number;
  split: Split;
  prefix?: string;
  debianPhotos?: boolean;
  footage?: string | false;
  realVal?: boolean;
  cache?: string;
  debian: boolean;
  progress?: boolean;
}

export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description('Generate labelled test/training videos (mp4 + NAME.labels.json truth files); --real-val builds the real-footage validation set instead.')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('-n, --count <n>', 'number of videos (default: 10; with --real-val: 40 edited videos)', positiveInt)
    .option('-s, --seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--split <name>', `source mix: ${SPLITS.join(', ')}`, oneOf(SPLITS), 'train')
    .option('--prefix <name>', 'video names: PREFIX-0000.mp4 … (default: the split)', fileStem)
    .option('--distractors <p>', `chance that a shot gets a camera flash, and separately an exposure change (default: ${DEFAULT_DISTRACTORS})`, fraction)
    .option('--exposure-changes <p>', 'chance of the exposure change alone, e.g. 0 for flashes only (default: as --distractors)', fraction)
    .option('--fast-pans <p>', 'chance that a moving shot over a picture pans fast, 2-5 % of its width per frame (default: 0)', fraction)
    .option('--events-after-cuts <p>', 'chance that a shot entered by a cut gets a flash or an exposure step within its first five frames (default: 0)', fraction)
    .option('--real-motion <p>', 'chance that a shot gets real-footage motion: a close object crossing or covering the lens, an exposure dip, hand-held shake, a blurred fast move or a whip pan (default: 0)', fraction)
    .option('--dip-variety <p>', 'chance that a dip goes to white or a light colour, or runs its fade out straight into its fade in (default: 0)', fraction)
    .option('--flicker <p>', 'chance that a shot flickers as under mains-powered light, by a few code values (default: 0)', fraction)
    .option('--flash-pairs <p>', 'chance that a shot without a flash gets two flashes a few frames apart (default: 0)', fraction)
    .option('--short-gradual <p>', 'chance that a dissolve, wipe or dip is short: 3-8 frames, its fades 3-8 frames each (default: 0)', fraction)
    .option('--similar-gradual <p>', 'chance that a dissolve, wipe or dip joins look-alike shots: the same picture, clip or scene at another framing or moment (default: 0)', fraction)
    .option('--similar-cuts <p>', 'chance that a hard cut joins look-alike shots (default: 0.3)', fraction)
    .option('--other-takes <p>', 'chance that two joined shots of one clip become two takes of one set-up: the second plays another clip whose name starts with the same word (default: 0)', fraction)
    .option('--source-weights <list>', `weights of the source families instead of the split's, e.g. clip=6,photo=1,scene=1 (families: ${SOURCE_FAMILIES.join(', ')}; one not named gets 0)`, sourceWeights)
    .option('--debian-photos', 'train and variety splits: add phone photographs from Debian packages (apt-get download into --cache, default .cache/debian), see fixtures/README.md')
    .option('--footage <dir>', 'folder of real clips and photos (default: ../shared/footage when present)')
    .option('--no-footage', 'use generated sources only (with --real-val: the Debian packages\' clips only)')
    .option('--real-val', 'build the real-footage validation set: OUT/unedited (real clips, no edit) and OUT/edited (ffmpeg edits across them), see fixtures/README.md')
    .option('--cache <dir>', 'with --real-val: where the Debian packages are downloaded and the clips prepared (default: .cache/real-val); with --debian-photos: where the packages are downloaded (default: .cache/debian)')
    .option('--no-debian', 'with --real-val: leave out the Debian packages\' clips (no download)')
    .option('--progress', 'show a progress bar even when output is piped')
    .option('--no-progress', 'never show a progress bar')
    .action(async (opts: FixturesOptions, cmd: Command) => {
      if (opts.realVal) {
        const given = GENERATOR_ONLY.filter((o) => cmd.getOptionValueSource(o) === 'cli');
        if (given.length > 0) throw new UsageError('E_USAGE', `--real-val takes --out, --count, --seed, --footage, --cache and --debian; not ${given.map((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
        const bar = progressBar(wantProgress(opts.progress, false), null, 'videos');
        try {
          const set = await buildRealVal({
            out: opts.out,
            count: opts.count,
            seed: opts.seed,
            cache: opts.cache,
            footage: opts.footage === false ? null : opts.footage,
            debian: opts.debian,
            onProgress: (done) => bar.update(done),
            log: (line) => process.stderr.write(line + '\n'),
          });
          bar.stop();
          process.stdout.write([...set.unedited, ...set.edited, set.manifest].join('\n') + '\n');
        } finally {
          bar.stop();
        }
        return;
      }
      if (opts.debianPhotos && !TRAINING_SPLITS.includes(opts.split)) throw new UsageError('E_USAGE', `--debian-photos adds training photos: --split ${TRAINING_SPLITS.join(' or ')}, not ${opts.split}`);
      const count = opts.count ?? 10;
      const bar = progressBar(wantProgress(opts.progress, false), count, 'videos');
      try {
        const videos = await generateFixtures({
          out: opts.out,
          count,
          seed: opts.seed,
          split: opts.split,
          prefix: opts.prefix,
          overrides: Object.fromEntries(PLAN_OPTIONS.map((o) => [o, opts[o]])) as PlanOptions,
          footage: opts.footage === false ? null : opts.footage,
          debianPhotos: opts.debianPhotos ? (opts.cache ?? join(packageRoot, '.cache', 'debian')) : undefined,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        process.stdout.write(videos.join('\n') + '\n');
      } finally {
        bar.stop();
      }
    });
}
