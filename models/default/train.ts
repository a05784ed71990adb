/**
 * Reproduces the shipped default models: `npm run train:default`.
 *
 * 1. generates the train / variety / val / test / unseen splits with the fixture generator (different seeds and source
 *    mixes; train, variety, train-distract, train-fastpan, train-realworld, train-gradual, train-takes and
 *    train-distract-more are the training data),
 *    and three sets full of flashes and fast pans from the val, test and unseen sources;
 * 2. trains five look-ahead models (delay 4, seeds 1-5) and three live ones (delay 0, seeds 1-3), two processes at a
 *    time, one per core; each kind becomes one seed ensemble whose cut logit is calibrated on the validation split and
 *    on flashpan-val, validation footage full of flashes and fast pans: within one false cut per 5 minutes of each
 *    for the look-ahead ensemble (model.safetensors), within two for the live one (live.safetensors);
 * 3. evaluates both on the test split, on the unseen-sources split, on two held-out sets of flashes and fast pans
 *    (one per source mix) and on real camera footage (real-val: edits across real clips, and the clips unedited; built
 *    first, fetching its Debian packages) and writes results.json and results.md.
 *
 * Options (environment): FRAMEWISE_DATA (default .cache/data), TRAIN_COUNT, VARIETY_COUNT, DISTRACT_COUNT, FASTPAN_COUNT,
 * REALWORLD_COUNT, GRADUAL_COUNT, TAKES_COUNT, DISTRACT_MORE_COUNT, EPOCHS, HIDDEN, INPUT_NOISE, FEATURES (the feature version, default the default extractor's); EVAL_ONLY=1 runs step 3 alone on the shipped models (after a change to the evaluation or the segment
 * stage, or to check the published figures), making its four evaluation sets first if they are not made yet and
 * keeping the training figures of results.json.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildRealVal } from '../../fixtures/buildRealVal.js';
import { generateFixtures } from '../../fixtures/generateFixtures.js';
import type { PlanLimits } from '../../fixtures/planVideo.js';
import type { Split } from '../../fixtures/splits.js';
import { loadDataset } from '../../pipelines/loadDataset.js';
import { featureSpecNamed, FW_V5 } from '../../src/features/featureSpec.js';
import { evaluatePipeline, type EvalReport } from '../../pipelines/evaluate.js';
import { formatEvalReport } from '../../src/evaluate/formatEvalReport.js';
import { packageRoot } from '../../src/packageRoot.js';
import { describeCalibration } from '../../pipelines/calibrateLogitBias.js';
import { ensemblePipeline } from '../../pipelines/ensemble.js';
import { loadModel } from '../../src/recurrent/modelFile.js';
import { madeBefore, recordTraining, truthHash } from './trainingRecord.js';

const env = process.env;
const dataDir = env.FRAMEWISE_DATA ?? join(packageRoot, '.cache', 'data');
const cacheDir = join(dataDir, 'features');
const here = join(packageRoot, 'models', 'default');
/** Flashes in half the shots and fast pans in half the moving ones, no exposure change. */
const flashesAndPans = { distractors: 0.5, exposureChanges: 0, fastPans: 0.5 };
/**
 * The data sets, each a split of fixtures/splits.ts made with its own seed. `variety` is more training data, with
 * sources no other split uses; `train-distract` has the train split's sources with five times its share of camera
 * flashes and exposure changes (distractors 0.4 against 0.08), which otherwise fire most of the false cuts, and half
 * of its cuts followed within five frames by a flash or an exposure step, which otherwise hide the cut;
 * `train-fastpan` is the same with fast pans in half the moving shots, which were otherwise taken for wipes and cuts
 * (and fired most of the false cuts left on footage full of flashes and fast pans). `train-realworld` adds close
 * objects, shake, whip pans, exposure dips, light flicker, flash pairs and dips to white or without a solid frame;
 * `train-gradual` dissolves, wipes and fades of 3-8 frames and gradual transitions between look-alike shots, the
 * edits most missed on real footage; `train-takes` shots of the real clips, with cuts and gradual transitions between
 * two takes of one set-up (two people signing in one office), which the members read as motion on real footage;
 * `train-distract-more` 300 more videos made like train-distract's, so that the cuts of generated video keep their
 * weight beside the real-footage sets. Every member, look-ahead or live, trains on every `training` set but
 * train-takes and train-distract-more, which train the look-ahead ones only.
 */
/** Which members train on a set: all of them, or only the look-ahead ones. */
type Training = true | 'look-ahead';
/** A training set left out when its count is 0. */
function optional<S extends { count: number; training: Training }>(set: S): S[] {
  return set.count > 0 ? [set] : [];
}
const sets = [
  { dir: 'train', split: 'train', count: Number(env.TRAIN_COUNT ?? 1100), seed: 1001, training: true },
  { dir: 'variety', split: 'variety', count: Number(env.VARIETY_COUNT ?? 300), seed: 5005, training: true },
  { dir: 'train-distract', split: 'train', count: Number(env.DISTRACT_COUNT ?? 300), seed: 1007, overrides: { distractors: 0.4, eventsAfterCuts: 0.5 }, training: true },
  { dir: 'train-fastpan', split: 'train', count: Number(env.FASTPAN_COUNT ?? 200), seed: 1017, overrides: { distractors: 0.4, eventsAfterCuts: 0.5, fastPans: 0.5 }, training: true },
  // Real-footage motion and dips as editors make them (REALWORLD_COUNT; 0 leaves it out).
  ...optional({ dir: 'train-realworld', split: 'train', count: Number(env.REALWORLD_COUNT ?? 300), seed: 1037, overrides: { realMotion: 0.5, dipVariety: 0.5, flicker: 0.3, flashPairs: 0.2 }, training: true } as const),
  // Short dissolves, wipes and fades, and gradual transitions between look-alike shots (GRADUAL_COUNT; 0 leaves it out).
  ...optional({ dir: 'train-gradual', split: 'train', count: Number(env.GRADUAL_COUNT ?? 150), seed: 1047, overrides: { shortGradual: 0.5, similarGradual: 0.4, dipVariety: 0.5 }, training: true } as const),
  // Cuts and gradual transitions between takes of one set-up, on real clips (TAKES_COUNT; 0 leaves it out).
  // Look-ahead members only: with it the live members took unedited real clips for cuts (docs/training.md, "Takes").
  ...optional({ dir: 'train-takes', split: 'train', count: Number(env.TAKES_COUNT ?? 150), seed: 1057, overrides: { sourceWeights: { lavfi: 0, pattern: 0, photo: 1, clip: 6, scene: 1 }, similarCuts: 0.5, similarGradual: 0.6, otherTakes: 0.7, shortGradual: 0.3 }, training: 'look-ahead' } as const),
  // More cuts of generated video for the look-ahead members (DISTRACT_MORE_COUNT; 0 leaves it out): docs/training.md,
  // "More cuts of generated video".
  ...optional({ dir: 'train-distract-more', split: 'train', count: Number(env.DISTRACT_MORE_COUNT ?? 300), seed: 1067, overrides: { distractors: 0.4, eventsAfterCuts: 0.5 }, training: 'look-ahead' } as const),
  { dir: 'val', split: 'val', count: 120, seed: 2002 },
  { dir: 'flashpan-val', split: 'val', count: 120, seed: 2012, overrides: flashesAndPans },
  { dir: 'test', split: 'test', count: 120, seed: 3003 },
  { dir: 'unseen', split: 'unseen', count: 120, seed: 4004 },
  // "Flashes and fast pans are not cuts", measured on footage full of them (flashpan-val takes part in the calibration).
  { dir: 'flashpan-test', split: 'test', count: 120, seed: 3043, overrides: flashesAndPans },
  { dir: 'flashpan-unseen', split: 'unseen', count: 120, seed: 4054, overrides: flashesAndPans },
] as const satisfies ReadonlyArray<{ dir: string; split: Split; count: number; seed: number; overrides?: Partial<PlanLimits>; training?: Training }>;
/** The sets a member with this output delay trains on. */
const trainingSets = (delay: number): string[] => sets.filter((s) => 'training' in s && (s.training === true || delay > 0)).map((s) => s.dir);
const epochs = env.EPOCHS ?? '40';
const hidden = env.HIDDEN ?? '64';
/** Gaussian noise on the normalised training features: without it the members overfit the training videos. */
const inputNoise = env.INPUT_NOISE ?? '0.2';
/** The members' feature version (fw-v5 adds global motion: docs/training.md, "Global motion features"). */
const features = featureSpecNamed(env.FEATURES ?? FW_V5);
/**
 * The live model's false-cut budget (per 5 min of validation video). Looser than the file labeller's 1: without
 * look-ahead a cut cannot be confirmed by the frames after it (a budget of 1 took the live model's validation cut F1
 * from 0.926 to 0.881).
 */
const LIVE_MAX_FALSE_CUTS = 2;
/**
 * The live members train all their epochs and keep the best: a delay-0 model's validation score wanders on a plateau
 * while the learning rate is high, and the default patience of 8 stopped one at epoch 14 with epoch 6 kept
 * (validation macro-F1 0.898, against 0.909 with all 40 epochs and epoch 24 kept).
 */
const LIVE_PATIENCE = epochs;
/** Seeds of the look-ahead ensemble's members and of the live ensemble's. */
const modelSeeds = { members: ['1', '2', '3', '4', '5'], live: ['1', '2', '3'] };
/** The two shipped ensembles: how their members train, their file and their cut calibration's false-cut budget. */
const kinds = [
  // The file labeller should report fewer than one false cut per 5 minutes (the design target) of regular footage
  // and of footage full of flashes and fast pans alike, so the calibration holds that budget on each.
  { name: 'model (delay 4)', delay: 4, seeds: modelSeeds.members, out: 'model.safetensors', maxFalseCuts: 1 },
  { name: 'live (delay 0)', delay: 0, seeds: modelSeeds.live, out: 'live.safetensors', maxFalseCuts: LIVE_MAX_FALSE_CUTS, patience: LIVE_PATIENCE },
] as const;
/** Trainings at once: one process per core. */
const PARALLEL_TRAININGS = 2;

function log(line: string): void {
  process.stderr.write(`[train:default] ${line}\n`);
}

/** One member: a run of `framewise train` on its training sets, validated on val. */
interface TrainRun {
  out: string;
  seed: string;
  /** Output delay in frames (4: the look-ahead members, 0: the live ones). */
  delay: number;
  patience?: string;
}

async function train(run: TrainRun): Promise<void> {
  // Uncalibrated: the ensemble of the members is calibrated, not each member.
  const args = ['tsx', join(packageRoot, 'src', 'cli', 'main.ts'), 'train', '--data', ...trainingSets(run.delay).map((d) => join(dataDir, d)), '--val', join(dataDir, 'val'),
    '--out', run.out, '--cell', 'gru', '--hidden', hidden, '--delay', String(run.delay), '--features', features.name,
    '--epochs', epochs, '--seed', run.seed, '--input-noise', inputNoise, '--cache', cacheDir,
    ...(run.patience === undefined ? [] : ['--patience', run.patience]), '--no-calibrate'];
  // A model that the same training made before (trainingRecord.ts) is kept. The record lies in the data folder,
  // never beside a model of the package.
  const record = join(dataDir, 'models', `${basename(run.out)}.run.json`);
  const inputs = JSON.stringify({ args: args.slice(2), videos: await truthHash(dataDir, [...trainingSets(run.delay), 'val']) });
  if (await madeBefore(record, inputs, run.out)) {
    log(`${basename(run.out)}: made by an earlier run of the same training, kept`);
    return;
  }
  log(`npx ${args.join(' ')}`);
  const tag = `[${basename(run.out, '.safetensors')}] `;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d.toString().replace(/^(?=.)/gm, tag)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`training ${run.out} exited with ${code}`))));
  });
  await recordTraining(record, inputs, run.out);
}

/** The evaluation sets of step 3 (the models are scored on each). */
const evaluationDirs: ReadonlySet<string> = new Set(['test', 'unseen', 'flashpan-test', 'flashpan-unseen']);
/**
 * Real camera footage, also scored in step 3 (fixtures/README.md, "real-val"): edits made with ffmpeg across real
 * clips, and the clips unedited (where every reported transition is a false one). A validation set: it is reported,
 * never trained or tuned on.
 */
const realValDir = join(dataDir, 'real-val');
const realValSets = ['real-val/edited', 'real-val/unedited'] as const;

/** Makes the videos of `chosen` (those already made with the same recipe are kept). */
async function makeSets(chosen: ReadonlyArray<(typeof sets)[number]>): Promise<void> {
  for (const set of chosen) {
    const t0 = performance.now();
    const overrides = 'overrides' in set ? set.overrides : undefined;
    // A line every 20 videos: the large sets take many minutes.
    const onProgress = (done: number, total: number): void => {
      if (done % 20 === 0 && done < total) log(`${set.dir}: ${done}/${total} videos`);
    };
    await generateFixtures({ out: join(dataDir, set.dir), count: set.count, seed: set.seed, split: set.split, prefix: set.dir, overrides, concurrency: 2, onProgress });
    log(`${set.dir}: ${set.count} videos in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}

/** Step 2's figures, from this run or (EVAL_ONLY) from the run that trained the shipped models. */
type TrainingFigures = { trainSeconds: number; totalSeconds: number };

/** Steps 1 and 2: data, members and the two ensembles. */
async function generateAndTrain(): Promise<TrainingFigures> {
  const started = performance.now();
  await makeSets(sets);
  // Extract features once, in this process, so the two trainers below find them cached.
  const tFeat = performance.now();
  for (const set of sets) {
    await loadDataset(join(dataDir, set.dir), { spec: features, cacheDir, onVideo: (d, n) => d === n && log(`${set.dir}: ${features.name} features of ${n} videos cached`) });
  }
  const t1 = performance.now();
  const models = join(dataDir, 'models');
  await mkdir(models, { recursive: true });
  const member = (delay: number, seed: string): string => join(models, `delay${delay}-seed${seed}.safetensors`);
  const runs = kinds.flatMap((k) => k.seeds.map((seed) => () => train({ out: member(k.delay, seed), delay: k.delay, seed, patience: 'patience' in k ? k.patience : undefined })));
  // The next starts as soon as one ends (a kept member ends at once).
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) await runs[next++]();
  };
  await Promise.all(Array.from({ length: PARALLEL_TRAININGS }, worker));
  // The same as `framewise ensemble <members> --out FILE --val val flashpan-val --max-false-cuts N`.
  for (const k of kinds) {
    const { calibration } = await ensemblePipeline({
      models: k.seeds.map((seed) => member(k.delay, seed)),
      out: join(here, k.out),
      val: [join(dataDir, 'val'), join(dataDir, 'flashpan-val')],
      maxFalseCutsPer5Min: k.maxFalseCuts,
      cacheDir,
    });
    if (calibration) log(`${k.out}, ensemble of ${k.seeds.length}: ${describeCalibration(calibration)}`);
  }
  const trainSeconds = (performance.now() - t1) / 1000;
  log(`training: ${trainSeconds.toFixed(0)} s (features ${((t1 - tFeat) / 1000).toFixed(0)} s)`);
  return { trainSeconds, totalSeconds: (performance.now() - started) / 1000 };
}

const started = performance.now();
let training: TrainingFigures;
if (env.EVAL_ONLY === '1') {
  await makeSets(sets.filter((s) => evaluationDirs.has(s.dir)));
  training = JSON.parse(await readFile(join(here, 'results.json'), 'utf8')) as TrainingFigures;
} else {
  training = await generateAndTrain();
}

const tRealVal = performance.now();
await buildRealVal({ out: realValDir, log });
log(`real-val ready in ${((performance.now() - tRealVal) / 1000).toFixed(0)} s`);

const results: Record<string, Record<string, EvalReport>> = {};
let md = '';
for (const { name, out: file } of kinds) {
  const model = await loadModel(join(here, file));
  results[file] = {};
  for (const split of [...evaluationDirs, ...realValSets]) {
    const report = await evaluatePipeline(model, join(dataDir, split), { cacheDir });
    // The model's errors are kept (which events it misses or invents, by video and frame); the baseline's thousands
    // say nothing its counts do not.
    results[file][split] = report.baseline === null ? report : { ...report, baseline: { ...report.baseline, errors: [] } };
    md += `### ${name} on the ${split} split\n\n\`\`\`\n${formatEvalReport(report)}\n\`\`\`\n\n`;
  }
}
await mkdir(here, { recursive: true });
const { trainSeconds, totalSeconds } = training;
// Folders named relative to the data folder, so that runs on other machines (or with FRAMEWISE_DATA) compare as text.
const relative = (text: string): string => text.replaceAll(`${dataDir}/`, '');
await writeFile(join(here, 'results.json'), relative(JSON.stringify({ sets, epochs, hidden, inputNoise, seed: modelSeeds, trainSeconds, totalSeconds, results }, null, 1)));
await writeFile(join(here, 'results.md'), relative(md));
log(`done in ${((performance.now() - started) / 60000).toFixed(1)} min; results in models/default/results.md`);
