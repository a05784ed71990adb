/**
 * Sensitivity without retraining: logit offsets on the transition labels (withSensitivity), the scene list's minimum
 * scene length (scenesOf), and the CLI options that carry them (defaults reproduce the output without them, byte for
 * byte; an offset changes it).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { HEAD_BIAS } from '../src/recurrent/model.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import { withSensitivity } from '../src/recurrent/withSensitivity.js';
import { scenesOf } from '../src/scenes/scenesOf.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { planEvents } from './helpers/labelPlan.js';
import { randomModel } from './helpers/randomModel.js';

const registry = DEFAULT_LABEL_REGISTRY;

describe('withSensitivity', () => {
  it('adds the cut offset to the point labels and the gradual offset to the gradual labels, nothing else; 0 is the model itself', () => {
    const model = randomModel();
    expect(withSensitivity(model, undefined)).toBe(model);
    expect(withSensitivity(model, { cut: 0, gradual: 0 })).toBe(model);
    const before = Float32Array.from(model.params[HEAD_BIAS]);
    const tuned = withSensitivity(model, { cut: 1.5, gradual: -0.5 });
    expect(model.params[HEAD_BIAS]).toEqual(before); // the input is not changed
    const delta = model.meta.labels.map((l, k) => Math.round((tuned.params[HEAD_BIAS][k] - before[k]) * 100) / 100);
    const want = model.meta.labels.map((l) => ({ point: 1.5, gradual: -0.5 })[registry.role(l) as string] ?? 0);
    expect(delta).toEqual(want);
    expect(want.filter((d) => d !== 0).length).toBe(5); // cut; fade_out, fade_in, dissolve, wipe
  });

  it('refuses an offset that is not a finite number', () => {
    expect(() => withSensitivity(randomModel(), { cut: Number.NaN })).toThrow(/cut sensitivity must be a finite number/);
  });
});

describe('scenesOf minSceneLength', () => {
  const R25 = { num: 25, den: 1 };
  const PLAN: Array<[string, number]> = [['still', 30], ['cut', 1], ['motion', 5], ['cut', 1], ['still', 40], ['dissolve', 10], ['motion', 4], ['wipe', 10], ['still', 20]];
  const list = (min?: number) => scenesOf(segmentsOf(planEvents(PLAN, R25), { registry }), { registry, minSceneLength: min });

  it('0 or 1 keep every scene; a short scene joins the scene before it across a cut; between gradual transitions it stays', () => {
    const all = list().scenes.map((s) => [s.number, s.start, s.end]);
    expect(all).toEqual([[1, 0, 29], [2, 30, 35], [3, 36, 76], [4, 87, 90], [5, 101, 120]]);
    expect(list(0).scenes.map((s) => [s.number, s.start, s.end])).toEqual(all);
    expect(list(1).scenes.map((s) => [s.number, s.start, s.end])).toEqual(all);
    const joined = list(10).scenes;
    expect(joined.map((s) => [s.number, s.start, s.end, s.frames])).toEqual([[1, 0, 35, 36], [2, 36, 76, 41], [3, 87, 90, 4], [4, 101, 120, 20]]);
    expect(joined[1].opening?.kind).toBe('cut');
    expect(joined[1].closing?.kind).toBe('dissolve');
  });

  it('a short first scene joins the scene after it', () => {
    const first = scenesOf(segmentsOf(planEvents([['still', 3], ['cut', 1], ['motion', 30]], R25), { registry }), { registry, minSceneLength: 5 });
    expect(first.scenes.map((s) => [s.start, s.end, s.opening, s.closing])).toEqual([[0, 33, null, null]]);
  });
});

describe('the CLI options', () => {
  let dir: string;
  let video: string;
  let model: string;
  beforeAll(async () => {
    dir = tempDir('fw-sensitivity');
    video = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25,trim=end_frame=30']);
    model = join(dir, 'random.safetensors');
    await saveModel(model, randomModel(2, 11));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('label: the defaults give the same bytes as no option; a large cut sensitivity labels cuts', async () => {
    const plain = await runCli(['label', video, '--model', model, '--format', 'csv', '--no-progress'], { timeoutMs: 60_000 });
    const zero = await runCli(['label', video, '--model', model, '--format', 'csv', '--no-progress', '--cut-sensitivity', '0', '--gradual-sensitivity', '0', '--min-scene-length', '0'], { timeoutMs: 60_000 });
    expect(plain.code, plain.stderr).toBe(0);
    expect(zero.stdout).toBe(plain.stdout);
    const eager = await runCli(['label', video, '--model', model, '--format', 'jsonl', '--no-progress', '--cut-sensitivity', '50'], { timeoutMs: 60_000 });
    expect(eager.code, eager.stderr).toBe(0);
    const labels = eager.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { label: string }).label);
    expect(labels.filter((l) => l === 'cut').length).toBeGreaterThan(0);
    expect(plain.stdout.split('\n').filter((l) => /,cut,/.test(l)).length).toBeLessThan(labels.filter((l) => l === 'cut').length);
  }, 120_000);

  it('a sensitivity that is not a number is a usage error naming the option', async () => {
    const r = await runCli(['label', video, '--model', model, '--cut-sensitivity', 'lots'], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--cut-sensitivity.*'lots' is invalid\. expected a number/);
  });
});
