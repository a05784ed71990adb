import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FootageIndex } from '../fixtures/footage.js';
import { planLabels } from '../fixtures/planLabels.js';
import { DEFAULT_LIMITS, planVideo, type VideoPlan } from '../fixtures/planVideo.js';
import { sourceMix } from '../fixtures/splits.js';
import { runCli } from './helpers/cli.js';
import { FAKE_FOOTAGE } from './helpers/fakeFootage.js';

/** Clips of three set-ups (by the name's first word): six of one office, two of one wall, one classroom alone. */
const footage: FootageIndex = {
  ...FAKE_FOOTAGE,
  clips: ['asl-0', 'asl-1', 'asl-2', 'asl-3', 'asl-4', 'asl-5', 'head-a', 'head-b', 'classroom'].map((c) => `/f/clips/${c}.mkv`),
};
const setUp = (file: string): string => basename(file).split(/[-.]/)[0];

describe('plans with other takes of one set-up', () => {
  it('draws nothing without the options', () => {
    const mix = sourceMix('train', footage);
    for (let i = 0; i < 20; i++) {
      const base = JSON.stringify(planVideo('t', i, mix, { ...DEFAULT_LIMITS, similarGradual: 0.5 }));
      expect(JSON.stringify(planVideo('t', i, mix, { ...DEFAULT_LIMITS, similarGradual: 0.5, otherTakes: 0 }))).toBe(base);
      expect(JSON.stringify(planVideo('t', i, mix, { ...DEFAULT_LIMITS, similarGradual: 0.5, otherTakes: undefined, sourceWeights: undefined }))).toBe(base);
    }
  });

  it('plays another clip of the same set-up after a look-alike join of one clip, and changes nothing else', () => {
    const mix = sourceMix('train', footage);
    const limits = { ...DEFAULT_LIMITS, similarGradual: 1, sourceWeights: { lavfi: 0, pattern: 0, photo: 0, clip: 1, scene: 0 } };
    let sameClip = 0, taken = 0, alone = 0;
    for (let i = 0; i < 200; i++) {
      const base = planVideo(`v${i}`, i, mix, limits);
      const varied = planVideo(`v${i}`, i, mix, { ...limits, otherTakes: 1 });
      expect(planLabels(varied)).toEqual(planLabels(base));
      expect(varied.joins).toEqual(base.joins);
      base.shots.forEach((part, k) => {
        const [was, now] = [part.shot.source, varied.shots[k].shot.source];
        // Clip-only weights: every shot plays a clip.
        expect(was.type).toBe('clip');
        if (was.type !== 'clip' || now.type !== 'clip') return;
        const prev = k > 0 ? base.shots[k - 1].shot.source : null;
        const lookAlike = prev?.type === 'clip' && prev.file === was.file;
        if (!lookAlike) {
          expect(now).toEqual(was);
          return;
        }
        sameClip++;
        if (setUp(was.file) === 'classroom') {
          // No other take of this set-up: the look-alike stays.
          alone++;
          expect(now).toEqual(was);
          return;
        }
        taken++;
        expect(now.file).not.toBe(was.file);
        expect(setUp(now.file)).toBe(setUp(was.file));
        // The same framing, speed and direction: another take through the same camera.
        expect({ ...now, file: was.file, start: was.start }).toEqual(was);
      });
    }
    expect(sameClip).toBeGreaterThan(100);
    expect(taken).toBeGreaterThan(0.7 * sameClip);
    expect(alone).toBeGreaterThan(0);
  });
});

describe('framewise fixtures --source-weights', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

  it('draws every shot from the families given and refuses weights that leave no source', async () => {
    const root = await mkdtemp(join(tmpdir(), 'framewise-takes-'));
    made.push(root);
    const r = await runCli(['fixtures', '--out', root, '--count', '1', '--seed', '3', '--source-weights', 'scene=1', '--other-takes', '1', '--no-footage', '--no-progress'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const plan = (JSON.parse(await readFile(join(root, 'train-0000.labels.json'), 'utf8')) as { meta: { plan: VideoPlan } }).meta.plan;
    expect(plan.shots.map((s) => s.shot.source.type)).toEqual(plan.shots.map(() => 'scene'));
    const none = await runCli(['fixtures', '--out', join(root, 'never'), '--source-weights', 'clip=1', '--no-footage']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/leave no source/);
    const bad = await runCli(['fixtures', '--out', join(root, 'never'), '--source-weights', 'clips=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--source-weights.*FAMILY=WEIGHT/);
  }, 150_000);
});
