/**
 * The check of the segment decoder's weights (`npm run tune:segments`): its scores are `framewise eval`'s for the
 * shipped weights, other weights reach the decoder, and the ranking keeps only settings within the reference's false
 * cuts (and its false transitions where there is nothing to find).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixtures } from '../fixtures/generateFixtures.js';
import { evaluatePipeline } from '../pipelines/evaluate.js';
import { decodingObjective, rankDecodings, scoreDecodings, SHIPPED_WEIGHTS, type DecodingScore, type ScoredDecoding, type TunedWeights } from '../pipelines/tuneSegmentDecoding.js';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';

describe('rankDecodings', () => {
  const weights = (durationWeight: number): TunedWeights => ({ ...SHIPPED_WEIGHTS, durationWeight });
  const folder = (truths: number, f1: number, falseCuts: number, falseTransitions: number): DecodingScore => ({ truths, f1, falseCuts, falseTransitions });
  const setting = (w: number, edited: DecodingScore, unedited: DecodingScore): ScoredDecoding => ({ weights: weights(w), scores: { m: { edited, unedited } } });
  const reference = setting(1, folder(10, 0.9, 2, 3), folder(0, 1, 0, 1));
  const better = setting(2, folder(10, 0.95, 2, 4), folder(0, 1, 0, 1));
  const moreCuts = setting(3, folder(10, 0.99, 3, 3), folder(0, 1, 0, 1));
  const uneditedWorse = setting(4, folder(10, 0.97, 1, 2), folder(0, 0, 0, 2));

  it('scores only folders with true transitions', () => {
    expect(decodingObjective(reference)).toBeCloseTo(0.9, 12);
    expect(decodingObjective(uneditedWorse)).toBeCloseTo(0.97, 12);
  });

  it('drops settings with more false cuts, or more false transitions where there is nothing to find, best first', () => {
    expect(rankDecodings([reference, moreCuts, better, uneditedWorse], reference)).toEqual([better, reference]);
  });
});

describe('scoreDecodings', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fw-tune-'));
    await generateFixtures({ out: join(root, 'val'), count: 4, seed: 7, footage: null, overrides: { seconds: [4, 6], sizes: [[128, 72]], fpsChoices: [25] } });
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("gives eval's figures for the shipped weights, and decodes with the weights it is given", async () => {
    const cacheDir = join(root, 'cache');
    const models = [
      { name: 'model', model: await loadModel(DEFAULT_MODEL_PATH) },
      { name: 'live', model: await loadModel(DEFAULT_LIVE_MODEL_PATH) },
    ];
    // A prior forty times as strong as the shipped one: segments must change.
    const heavy: TunedWeights = { ...SHIPPED_WEIGHTS, durationWeight: 40, successionWeight: 40 };
    const [shipped, other] = await scoreDecodings(models, [{ name: 'val', dir: join(root, 'val') }], [SHIPPED_WEIGHTS, heavy], { cacheDir });
    let differs = false;
    for (const { name, model } of models) {
      const report = await evaluatePipeline(model, join(root, 'val'), { cacheDir });
      const falses = report.model.errors.filter((e) => e.error === 'false');
      expect(report.model.transitions.overall.truths).toBeGreaterThan(0);
      expect(shipped.scores[name].val).toEqual({
        truths: report.model.transitions.overall.truths,
        f1: report.model.transitions.overall.f1,
        falseCuts: falses.filter((e) => e.label === report.pointLabel).length,
        falseTransitions: falses.length,
      });
      differs ||= JSON.stringify(other.scores[name].val) !== JSON.stringify(shipped.scores[name].val);
    }
    expect(differs).toBe(true);
  }, 120_000);
});
