import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthFile } from '../src/types.js';
import { randomCamera } from '../fixtures/camera.js';
import type { LavfiGenerator } from '../fixtures/lavfiGenerators.js';
import { planLabels } from '../fixtures/planLabels.js';
import { DEFAULT_LIMITS, planVideo, type ShotPart, type VideoPlan } from '../fixtures/planVideo.js';
import { Rng } from '../fixtures/rng.js';
import { sourceMix, SPLITS } from '../fixtures/splits.js';
import { renderLossless } from './helpers/renderLossless.js';

describe('plans with flash pairs', () => {
  it('draws nothing without the option, and with it only adds a second flash to shots that had none', () => {
    let pairs = 0;
    for (let i = 0; i < 100; i++) {
      const mix = sourceMix(SPLITS[i % SPLITS.length], null);
      const base = planVideo(`v${i}`, i, mix);
      expect(planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, flashPairs: 0 })).toEqual(base);
      const flashed = planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, flashPairs: 1 });
      expect(planLabels(flashed)).toEqual(planLabels(base));
      flashed.shots.forEach((s, k) => {
        const b = base.shots[k];
        expect({ ...s, flash: null }).toEqual({ ...b, flash: null });
        if (!s.flash?.again) return expect(s.flash).toEqual(b.flash);
        pairs++;
        expect(b.flash).toBeUndefined();
        expect(b.freeze).toBeUndefined();
        // Two flashes with at least one frame between them, both inside the shot.
        expect(s.flash.length).toBeLessThan(s.flash.again.after);
        expect(s.flash.at + s.flash.again.after + s.flash.length).toBeLessThanOrEqual(s.frames);
      });
    }
    expect(pairs).toBeGreaterThan(100);
  });
});

describe('plans with flicker', () => {
  it('draws nothing without the option, and with it only adds flicker to shots', () => {
    let flickering = 0;
    let shots = 0;
    for (let i = 0; i < 100; i++) {
      const mix = sourceMix(SPLITS[i % SPLITS.length], null);
      const base = planVideo(`v${i}`, i, mix);
      expect(planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, flicker: 0 })).toEqual(base);
      const lit = planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, flicker: 0.5 });
      expect(lit.shots.map(({ flicker: _, ...s }) => s)).toEqual(base.shots);
      expect({ ...lit, shots: null }).toEqual({ ...base, shots: null });
      expect(planLabels(lit)).toEqual(planLabels(base));
      for (const s of lit.shots) {
        shots++;
        if (!s.flicker) continue;
        flickering++;
        expect(s.flicker.amplitude).toBeGreaterThanOrEqual(0.004);
        expect(s.flicker.amplitude).toBeLessThanOrEqual(0.03);
        expect(s.flicker.period).toBeGreaterThanOrEqual(2);
      }
    }
    expect(flickering / shots).toBeGreaterThan(0.35);
    expect(flickering / shots).toBeLessThan(0.65);
  });
});

// A still shot flickering frame to frame by ±2 %, the same picture steady, and again with a pair of flashes.
const W = 160;
const H = 90;

function flickerPlan(): VideoPlan {
  const cam = { ...randomCamera(new Rng(9), 'static'), zoom: 1 };
  const shot = (frames: number, entry: ShotPart['entry'], flicker?: ShotPart['flicker'], gen: LavfiGenerator = 'smptebars'): ShotPart => ({
    shot: { kind: 'still', source: { type: 'pattern', gen, seed: 1, cam }, noise: 1, gain: [1, 1, 1], noiseSeed: frames },
    frames,
    entry,
    ...(flicker ? { flicker } : {}),
  });
  return {
    name: 'flicker', width: W, height: H, fps: 25, frames: 60, crf: 0, preset: 'veryfast', gop: 25, lead: null, tail: null,
    shots: [shot(20, 'start', { amplitude: 0.02, period: 2, phase: 0 }), shot(20, 'cut'), { ...shot(20, 'cut', undefined, 'pal75bars'), flash: { at: 5, length: 1, strength: 0.6, colour: [250, 250, 240], again: { after: 2, strength: 0.4 } } }],
    joins: [{ kind: 'cut' }, { kind: 'cut' }],
  };
}

const meanLuma = (f: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < f.length; i += 3) s += 0.299 * f[i] + 0.587 * f[i + 1] + 0.114 * f[i + 2];
  return s / (f.length / 3);
};

describe('rendered flicker', () => {
  let dir: string;
  let means: number[];
  let truth: TruthFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-flicker-'));
    const rendered = await renderLossless(flickerPlan(), dir);
    truth = rendered.truth;
    means = rendered.frames.map(meanLuma);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('brightens and darkens the picture by the planned amount, frame after frame, and labels it a still shot', () => {
    expect(means).toHaveLength(60);
    expect(truth.segments.map((s) => `${s.label}:${s.start}-${s.end}`)).toEqual(['still:0-19', 'cut:20-20', 'still:21-39', 'cut:40-40', 'still:41-59']);
    // Gains 1.02, 0.98, 1.02, …: each frame's mean over the next one's is 1.02 / 0.98 or its inverse.
    for (let k = 0; k < 19; k++) {
      const ratio = means[k] / means[k + 1];
      expect(Math.abs(k % 2 === 0 ? ratio - 1.02 / 0.98 : ratio - 0.98 / 1.02)).toBeLessThan(0.006);
    }
    // The same picture without flicker holds its brightness.
    for (let k = 20; k < 39; k++) expect(Math.abs(means[k] / means[k + 1] - 1)).toBeLessThan(0.006);
  });

  it('draws a pair of flashes on their frames, with the frame between them as it was', () => {
    const steady = means[44];
    // Frame 45: 60 % of the way to the flash's colour; 46 between them unchanged; 47: 40 %.
    expect(means[45]).toBeGreaterThan(steady + 0.5 * (248 - steady));
    expect(Math.abs(means[46] - steady)).toBeLessThan(1);
    expect(means[47]).toBeGreaterThan(steady + 0.3 * (248 - steady));
    expect(means[47]).toBeLessThan(means[45]);
    expect(Math.abs(means[48] - steady)).toBeLessThan(1);
  });
});
