import { describe, expect, it } from 'vitest';
import { planLabels } from '../fixtures/planLabels.js';
import { DEFAULT_LIMITS, joinFrames, planVideo } from '../fixtures/planVideo.js';
import { sourceMix, SPLITS } from '../fixtures/splits.js';
import { FAKE_FOOTAGE as footage } from './helpers/fakeFootage.js';

/** The label runs of a plan, without the shots' own kinds: what the edits are. */
const edits = (labels: string[]): string[] => labels.filter((l, i) => l !== labels[i - 1] && !['still', 'motion', 'freeze'].includes(l));

describe('plans with short and look-alike gradual transitions', () => {
  it('draws nothing without the options', () => {
    const mix = sourceMix('train', footage);
    for (let i = 0; i < 20; i++) {
      const base = JSON.stringify(planVideo('g', i, mix));
      expect(JSON.stringify(planVideo('g', i, mix, { ...DEFAULT_LIMITS, shortGradual: 0, similarGradual: 0 }))).toBe(base);
      expect(JSON.stringify(planVideo('g', i, mix, { ...DEFAULT_LIMITS, shortGradual: undefined, similarGradual: undefined }))).toBe(base);
    }
  });

  it('shortens dissolves, wipes and fades to 3-8 frames, gives the frames to the next shot and labels every frame', () => {
    let gradual = 0, short = 0;
    for (let i = 0; i < 300; i++) {
      const mix = sourceMix(SPLITS[i % SPLITS.length], i % 2 ? footage : null);
      const base = planVideo(`v${i}`, i, mix);
      const varied = planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, shortGradual: 1 });
      expect(varied.frames).toBe(base.frames);
      expect(planLabels(varied)).toHaveLength(varied.frames);
      expect(varied.shots.map((s) => ({ ...s, frames: 0 }))).toEqual(base.shots.map((s) => ({ ...s, frames: 0 })));
      // The same edits in the same order: only their lengths change.
      expect(edits(planLabels(varied))).toEqual(edits(planLabels(base)));
      varied.joins.forEach((j, k) => {
        const b = base.joins[k];
        expect(j.kind).toBe(b.kind);
        expect(varied.shots[k + 1].frames - base.shots[k + 1].frames).toBe(joinFrames(b) - joinFrames(j));
        if (j.kind === 'dissolve' || j.kind === 'wipe') {
          gradual++;
          expect(j.frames).toBeGreaterThanOrEqual(3);
          expect(j.frames).toBeLessThanOrEqual(8);
          if (j.frames < 5) short++;
        }
        if (j.kind === 'black' && b.kind === 'black') {
          expect(j.black).toBe(b.black);
          for (const f of [j.out, j.in]) if (f) expect(f.frames).toBeLessThanOrEqual(8);
        }
      });
    }
    expect(gradual).toBeGreaterThan(100);
    // Shorter than anything the plans make without the option (5 frames at least).
    expect(short).toBeGreaterThan(0.1 * gradual);
  });

  it('makes the shot after a dissolve, wipe or dip a look-alike of the one before, and leaves cuts alone', () => {
    let gradual = 0, alike = 0;
    for (let i = 0; i < 300; i++) {
      const mix = sourceMix(SPLITS[i % SPLITS.length], footage);
      const base = planVideo(`v${i}`, i, mix);
      const varied = planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, similarGradual: 1 });
      expect(varied.joins).toEqual(base.joins);
      expect(planLabels(varied).filter((l) => l !== 'still' && l !== 'motion')).toEqual(planLabels(base).filter((l) => l !== 'still' && l !== 'motion'));
      varied.joins.forEach((j, k) => {
        const [before, after, was] = [varied.shots[k].shot, varied.shots[k + 1].shot, base.shots[k + 1].shot];
        if (j.kind === 'cut') {
          expect(after).toEqual(was);
          return;
        }
        gradual++;
        if (JSON.stringify(after) === JSON.stringify(was)) return;
        alike++;
        expect(after.source.type).toBe(before.source.type);
        if ('file' in after.source && 'file' in before.source) expect(after.source.file).toBe(before.source.file);
        expect(after.gain).toEqual(before.gain);
      });
    }
    expect(gradual).toBeGreaterThan(100);
    expect(alike).toBeGreaterThan(0.8 * gradual);
  });
});
