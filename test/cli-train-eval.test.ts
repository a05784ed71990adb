import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VideoPlan } from '../fixtures/planVideo.js';
import { featureSpecNamed } from '../src/features/featureSpec.js';
import type { BiasCalibration } from '../pipelines/calibrateLogitBias.js';
import { DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { HEAD_BIAS } from '../src/recurrent/model.js';
import { loadModel, saveModel } from '../src/recurrent/modelFile.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let data: string;
/** A second folder, trained on together with the first; named by `--prefix`, every shot with a distractor. */
let more: string;

beforeAll(async () => {
  dir = tempDir('fw-train');
  data = join(dir, 'data');
  const r = await runCli(['fixtures', '--out', data, '--count', '3', '--seed', '77', '--split', 'test', '--no-footage'], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  more = join(dir, 'more');
  const m = await runCli(['fixtures', '--out', more, '--count', '1', '--seed', '79', '--split', 'train', '--prefix', 'more', '--distractors', '1', '--events-after-cuts', '1', '--fast-pans', '1', '--no-footage'], { timeoutMs: 120_000 });
  expect(m.code, m.stderr).toBe(0);
}, 180_000);

describe('framewise fixtures → train → eval on a tiny set', () => {
  it('generates videos with truth files', () => {
    const files = readdirSync(data);
    expect(files.filter((f) => f.endsWith('.mp4'))).toHaveLength(3);
    expect(files.filter((f) => f.endsWith('.labels.json'))).toHaveLength(3);
  });

  it('names videos by --prefix and sets the chance of distractors by --distractors, --events-after-cuts and --fast-pans', async () => {
    expect(readdirSync(more).sort()).toEqual(['more-0000.labels.json', 'more-0000.mp4']);
    const plan = JSON.parse(readFileSync(join(more, 'more-0000.labels.json'), 'utf8')).meta.plan as VideoPlan;
    // With chance 1 every shot long enough for one gets an exposure change (and a flash unless it has a freeze).
    const long = plan.shots.filter((s) => s.frames >= 12);
    expect(long.length).toBeGreaterThan(0);
    for (const s of long) {
      expect(s.exposure).toBeDefined();
      expect(s.flash !== undefined || s.freeze !== undefined).toBe(true);
    }
    // Every shot entered by a cut has a flash or an exposure step within its first five frames.
    const cutIn = long.filter((s) => s.entry === 'cut');
    expect(cutIn.length).toBeGreaterThan(0);
    for (const s of cutIn) expect(Math.min(s.flash?.at ?? 99, s.exposure?.ramp === 0 ? s.exposure.at : 99)).toBeLessThanOrEqual(5);
    // Every moving shot over a picture pans fast.
    const panned = plan.shots.flatMap((s) => (s.shot.kind === 'motion' && 'cam' in s.shot.source ? [s.shot.source.cam] : []));
    expect(panned.length).toBeGreaterThan(0);
    for (const cam of panned) expect(Math.hypot(cam.vx, cam.vy)).toBeGreaterThanOrEqual(0.02);
    const badPans = await runCli(['fixtures', '--out', join(dir, 'never'), '--exposure-changes', '-1']);
    expect(badPans.code).toBe(2);
    expect(badPans.stderr).toMatch(/--exposure-changes.*from 0 to 1/);
    const bad = await runCli(['fixtures', '--out', join(dir, 'never'), '--distractors', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--distractors.*from 0 to 1/);
    const path = await runCli(['fixtures', '--out', join(dir, 'never'), '--prefix', '../elsewhere']);
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/--prefix.*not a path/);
  });

  it('trains a model that carries the truth files’ labels, then evaluates it with the baseline beside it', async () => {
    const model = join(dir, 'tiny.safetensors');
    const cache = join(dir, 'cache');
    const t = await runCli(['train', '--data', data, '--out', model, '--epochs', '2', '--hidden', '8', '--delay', '2', '--max-false-cuts', '2', '--cache', cache], { timeoutMs: 120_000 });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/epoch 1\/2 .*loss \d/);
    expect(t.stderr).toMatch(/cut logit offset .* \(budget 2\)/);
    expect(t.stderr).toMatch(/saved /);
    const loaded = await loadModel(model);
    expect(loaded.meta.training?.cutCalibration).toMatchObject({ label: 'cut', maxFalsePer5Min: 2 });
    expect(loaded.meta.delay).toBe(2);
    expect(loaded.meta.hiddenSize).toBe(8);
    const truth = JSON.parse(readFileSync(join(data, readdirSync(data).find((f) => f.endsWith('.labels.json'))!), 'utf8'));
    expect(loaded.meta.labels).toEqual(truth.labels);

    // Second run reads the feature cache: same report either way.
    const e = await runCli(['eval', '--model', model, '--data', data, '--json', '--cache', cache], { timeoutMs: 120_000 });
    expect(e.code, e.stderr).toBe(0);
    const report = JSON.parse(e.stdout);
    expect(report.videos).toBe(3);
    const framesInTruth = readdirSync(data)
      .filter((f) => f.endsWith('.labels.json'))
      .reduce((n, f) => n + JSON.parse(readFileSync(join(data, f), 'utf8')).frames, 0);
    expect(report.frames).toBe(framesInTruth);
    for (const method of [report.model, report.baseline]) {
      const total = method.frame.confusion.flat().reduce((a: number, b: number) => a + b, 0);
      expect(total).toBe(framesInTruth);
      expect(method.frame.accuracy).toBeGreaterThanOrEqual(0);
      expect(method.transitions.overall.truths).toBeGreaterThan(0);
    }
    // Both methods are scored against the same truth events.
    expect(report.model.transitions.overall.truths).toBe(report.baseline.transitions.overall.truths);
    // False transitions of every kind per 5 minutes, and each false or missed event listed.
    for (const method of [report.model, report.baseline]) {
      const o = method.transitions.overall;
      expect(method.falseTransitionsPer5Min).toBeCloseTo(((o.predictions - o.matched) / report.minutes) * 5, 9);
      expect(method.errors.filter((e: { error: string }) => e.error === 'false')).toHaveLength(o.predictions - o.matched);
      expect(method.errors.filter((e: { error: string }) => e.error === 'missed')).toHaveLength(o.truths - o.matched);
    }

    const table = await runCli(['eval', '--model', model, '--data', data, '--cache', cache, '--errors']);
    expect(table.stdout).toMatch(/Per frame/);
    expect(table.stdout).toMatch(/false transitions\/5min/);
    expect(table.stdout).toContain(`False and missed transition events (model): ${report.model.errors.length}`);
    expect(table.stdout).toMatch(/^baseline /m);
    expect(table.stdout).toMatch(/Confusion/);

    // --against: the shipped model (other features: computed for it) on the same videos, differences paired by video.
    const shipped = await runCli(['eval', '--model', DEFAULT_MODEL_PATH, '--data', data, '--cache', cache, '--json'], { timeoutMs: 120_000 });
    expect(shipped.code, shipped.stderr).toBe(0);
    const alone = JSON.parse(shipped.stdout);
    const vs = await runCli(['eval', '--model', model, '--data', data, '--cache', cache, '--json', '--against', DEFAULT_MODEL_PATH], { timeoutMs: 120_000 });
    expect(vs.code, vs.stderr).toBe(0);
    const paired = JSON.parse(vs.stdout);
    expect(paired.model).toEqual(report.model);
    expect(paired.comparison).toMatchObject({ against: DEFAULT_MODEL_PATH, scores: alone.model, paired: { videos: 3, resamples: 2000, level: 0.95 } });
    const figure = (name: string) => paired.comparison.paired.figures.find((f: { figure: string }) => f.figure === name);
    expect(figure('frame macro-F1')).toMatchObject({ model: report.model.frame.macroF1, other: alone.model.frame.macroF1 });
    expect(figure('transition F1')).toMatchObject({ model: report.model.transitions.overall.f1, other: alone.model.transitions.overall.f1 });
    expect(figure('false cuts/5min')).toMatchObject({ model: report.model.falseCutsPer5Min, other: alone.model.falseCutsPer5Min });
    for (const f of paired.comparison.paired.figures) {
      expect(f.difference, f.figure).toBeCloseTo(f.model - f.other, 12);
      expect(f.low, f.figure).toBeLessThanOrEqual(f.high);
    }
    const vsTable = await runCli(['eval', '--model', model, '--data', data, '--cache', cache, '--against', DEFAULT_MODEL_PATH], { timeoutMs: 120_000 });
    expect(vsTable.stdout).toMatch(/^Against .* \(model − other; 95 % interval of 2000 paired resamples of the 3 videos/m);
    expect(vsTable.stdout).toMatch(/^frame macro-F1 +[\d.]+ +[\d.]+ +[+−][\d.]+ +[+−][\d.]+ … [+−][\d.]+/m);
    // A model with a label the other lacks cannot be compared frame by frame.
    const flashes = join(dir, 'flashes.safetensors');
    await saveModel(flashes, randomModel(2, 7, 4, [...loaded.meta.labels, 'flash']));
    const unlike = await runCli(['eval', '--model', model, '--data', data, '--cache', cache, '--against', flashes]);
    expect(unlike.code).toBe(2);
    expect(unlike.stderr).toMatch(/--against: the two models label different sets/);
    expect(unlike.stderr.trim().split('\n')).toHaveLength(1);

    // A second seed, then the two as one ensemble model, calibrated on the same folder.
    const model2 = join(dir, 'tiny2.safetensors');
    const t2 = await runCli(['train', '--data', data, '--out', model2, '--epochs', '1', '--hidden', '8', '--delay', '2', '--seed', '2', '--input-noise', '0.1', '--no-calibrate', '--cache', cache], { timeoutMs: 120_000 });
    expect(t2.code, t2.stderr).toBe(0);
    expect(t2.stderr).not.toMatch(/cut logit offset/);
    expect((await loadModel(model2)).meta.training).toMatchObject({ seed: 2, inputNoise: 0.1 });
    const both = join(dir, 'both.safetensors');
    const en = await runCli(['ensemble', model, model2, '--out', both, '--val', data, '--max-false-cuts', '1', '--cache', cache], { timeoutMs: 120_000 });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/2 models, gru 1x16/);
    expect(en.stderr).toMatch(/cut logit offset -?[\d.]+: val cut F1 [\d.]+ → [\d.]+, false cuts per 5 min [\d.]+ → [\d.]+ \(budget 1\)/);
    const ensemble = await loadModel(both);
    expect(ensemble.meta.hiddenSize).toBe(16);
    expect(ensemble.meta.labels).toEqual(loaded.meta.labels);
    expect(ensemble.meta.training?.cutCalibration).toMatchObject({ label: 'cut', maxFalsePer5Min: 1 });
    // Calibrating an ensemble starts from its models as trained: model2 carrying a recorded offset of 1.5 gives the
    // same ensemble as model2 itself (the offset would otherwise stay under the new one).
    const shifted = await loadModel(model2);
    const k = shifted.meta.labels.indexOf('cut');
    shifted.params[HEAD_BIAS][k] += 1.5;
    const record: BiasCalibration = { label: 'cut', bias: 1.5, f1Before: 0, f1After: 0, falsePer5MinBefore: 0, falsePer5MinAfter: 0 };
    shifted.meta.training = { ...shifted.meta.training, cutCalibration: record };
    await saveModel(join(dir, 'shifted.safetensors'), shifted);
    const ensembleOf = async (file: string) => {
      const out = join(dir, `ensemble-of-${basename(file)}`);
      const r = await runCli(['ensemble', file, '--out', out, '--val', data, '--cache', cache], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      return loadModel(out);
    };
    const [plain, fromShifted] = [await ensembleOf(model2), await ensembleOf(join(dir, 'shifted.safetensors'))];
    expect((fromShifted.meta.training?.cutCalibration as BiasCalibration).bias).toBe((plain.meta.training?.cutCalibration as BiasCalibration).bias);
    expect(fromShifted.params[HEAD_BIAS][k]).toBeCloseTo(plain.params[HEAD_BIAS][k], 5);
    const mismatch = await runCli(['ensemble', model, join(dir, 'nothing.safetensors'), '--out', join(dir, 'x.safetensors')]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr.trim().split('\n')).toHaveLength(1);
  }, 240_000);

  it('trains on several folders as one and validates on several, with the feature extractor asked for', async () => {
    const model = join(dir, 'two-folders.safetensors');
    const t = await runCli(['train', '--data', data, more, '--val', data, more, '--out', model, '--epochs', '1', '--hidden', '4', '--max-false-cuts', '2', '--features', 'fw-v4', '--cache', join(dir, 'cache')], { timeoutMs: 120_000 });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/features 4\/4 /);
    expect(t.stderr).toMatch(/cut logit offset -?[\d.]+: .*\(budget 2\)/);
    const loaded = await loadModel(model);
    const { dim } = featureSpecNamed('fw-v4');
    // Validation pools both folders: the three videos of `data` and the one of `more`.
    expect(loaded.meta.training).toMatchObject({ data: 'data, more', videos: 4, validationVideos: 4 });
    expect(loaded.meta.training?.cutCalibration).toMatchObject({ label: 'cut', maxFalsePer5Min: 2 });
    expect(loaded.meta.feature).toMatchObject({ name: 'fw-v4', dim });
    expect(loaded.meta.inputSize).toBe(dim);
    const bad = await runCli(['train', '--data', data, '--out', model, '--features', 'fw-v9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--features.*expected one of fw-v2, fw-v3, fw-v4/);
  }, 120_000);

  it('stops after --patience epochs without a better validation macro-F1 and keeps the best epoch', async () => {
    const model = join(dir, 'patient.safetensors');
    const t = await runCli(['train', '--data', data, '--val', data, '--out', model, '--epochs', '10', '--patience', '1', '--hidden', '4', '--lr', '0.03', '--no-calibrate', '--cache', join(dir, 'cache')], { timeoutMs: 120_000 });
    expect(t.code, t.stderr).toBe(0);
    const { bestEpoch, epochsRun } = (await loadModel(model)).meta.training as { bestEpoch: number; epochsRun: number };
    expect(epochsRun).toBe(Math.min(10, bestEpoch + 1));
    expect(t.stderr.match(/^epoch \d+\/10 /gm)).toHaveLength(epochsRun);
    const bad = await runCli(['train', '--data', data, '--out', model, '--patience', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--patience/);
  }, 120_000);

  it('fine-tunes a model with --init: same architecture and normalisation, training from its uncalibrated weights', async () => {
    const cache = join(dir, 'cache');
    const base = join(dir, 'base.safetensors');
    const b = await runCli(['train', '--data', data, '--val', data, '--out', base, '--epochs', '1', '--hidden', '4', '--delay', '3', '--max-false-cuts', '2', '--cache', cache], { timeoutMs: 120_000 });
    expect(b.code, b.stderr).toBe(0);
    const init = await loadModel(base);
    const offset = (init.meta.training?.cutCalibration as { bias: number }).bias;

    // A learning rate of 0 leaves every weight as it was, except the calibration taken back out of the cut bias.
    const still = join(dir, 'still.safetensors');
    const s = await runCli(['train', '--init', base, '--data', more, '--val', data, '--out', still, '--epochs', '1', '--lr', '0', '--no-calibrate', '--cache', cache], { timeoutMs: 120_000 });
    expect(s.code, s.stderr).toBe(0);
    const unchanged = await loadModel(still);
    const { cutCalibration, ...asTrained } = init.meta.training ?? {};
    expect(cutCalibration).toBeDefined();
    expect(unchanged.meta).toMatchObject({ hiddenSize: 4, delay: 3, labels: init.meta.labels, feature: init.meta.feature });
    expect(unchanged.meta.training).toMatchObject({ data: 'more', videos: 1, init: asTrained });
    const cut = init.meta.labels.indexOf('cut');
    for (const [name, values] of Object.entries(init.params)) {
      const expected = Float32Array.from(values);
      if (name === 'head.bias') expected[cut] -= offset;
      expect(unchanged.params[name], name).toEqual(expected);
    }

    // The default fine-tuning rate moves the weights; the cut logit is calibrated again.
    const tuned = join(dir, 'tuned.safetensors');
    const t = await runCli(['train', '--init', base, '--data', more, '--val', data, '--out', tuned, '--epochs', '1', '--max-false-cuts', '2', '--cache', cache], { timeoutMs: 120_000 });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/cut logit offset -?[\d.]+: .*\(budget 2\)/);
    const moved = await loadModel(tuned);
    expect(moved.params['weight_hh_l0']).not.toEqual(init.params['weight_hh_l0']);
    expect(moved.meta.training?.cutCalibration).toMatchObject({ maxFalsePer5Min: 2 });

    const clash = await runCli(['train', '--init', base, '--data', more, '--out', tuned, '--hidden', '8']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--init.*cannot be used with option '--hidden/);

    // Truth files with a label the model does not have: one line naming the video and the label.
    const odd = join(dir, 'odd');
    mkdirSync(odd);
    const source = readdirSync(data).find((f) => f.endsWith('.mp4'))!;
    copyFileSync(join(data, source), join(odd, 'odd.mp4'));
    const truth = JSON.parse(readFileSync(join(data, source.replace(/\.mp4$/, '.labels.json')), 'utf8'));
    writeFileSync(join(odd, 'odd.labels.json'), JSON.stringify({ ...truth, labels: [...truth.labels, 'logo'], segments: [{ label: 'logo', start: 0, end: 3 }] }));
    const foreign = await runCli(['train', '--init', base, '--data', odd, '--val', data, '--out', tuned, '--cache', cache], { timeoutMs: 120_000 });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr.trim().split('\n')).toHaveLength(1);
    expect(foreign.stderr).toMatch(/odd: segments\[0\] label "logo" is not one of \[still, /);
  }, 180_000);

  it('evaluates a dataset of MPEG-TS videos (which the bundled ffprobe crashes on) as the same videos in MP4', async () => {
    const ts = join(dir, 'as-ts');
    mkdirSync(ts);
    for (const f of readdirSync(data)) {
      if (f.endsWith('.labels.json')) copyFileSync(join(data, f), join(ts, f));
      if (f.endsWith('.mp4')) makeVideo(join(ts, f.replace(/\.mp4$/, '.ts')), ['-i', join(data, f)], ['-c', 'copy', '-f', 'mpegts']);
    }
    const report = async (folder: string): Promise<{ videos: number; model: { frame: unknown } }> => {
      const r = await runCli(['eval', '--model', DEFAULT_MODEL_PATH, '--data', folder, '--json'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const [fromMp4, fromTs] = [await report(data), await report(ts)];
    expect(fromTs.videos).toBe(3);
    expect(fromTs.model.frame).toEqual(fromMp4.model.frame);
  }, 180_000);

  it('refuses a folder without truth files with one line', async () => {
    const r = await runCli(['train', '--data', dir + '/nothing-here', '--out', join(dir, 'x.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
