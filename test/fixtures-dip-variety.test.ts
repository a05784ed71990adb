import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthFile } from '../src/types.js';
import { planLabels } from '../fixtures/planLabels.js';
import { randomCamera } from '../fixtures/camera.js';
import { DEFAULT_LIMITS, planVideo, type Fade, type Join, type ShotPart, type VideoPlan } from '../fixtures/planVideo.js';
import { Rng } from '../fixtures/rng.js';
import { sourceMix, SPLITS } from '../fixtures/splits.js';
import { renderLossless } from './helpers/renderLossless.js';
import { FAKE_FOOTAGE as footage } from './helpers/fakeFootage.js';

type Dip = Extract<Join, { kind: 'black' }>;
const isDark = (d: Dip): boolean => Math.max(...d.colour) <= 45;

describe('plans with dip variety', () => {
  it('draws nothing without the option', () => {
    const mix = sourceMix('train', footage);
    for (let i = 0; i < 20; i++) {
      expect(planVideo('d', i, mix, { ...DEFAULT_LIMITS, dipVariety: 0 })).toEqual(planVideo('d', i, mix));
      expect(JSON.stringify(planVideo('d', i, mix, { ...DEFAULT_LIMITS, dipVariety: undefined }))).toBe(JSON.stringify(planVideo('d', i, mix)));
    }
  });

  it('changes only the dips (colour, solid frames), keeps the length, and labels what it renders', () => {
    let white = 0, colour = 0, noHold = 0, shortHold = 0, dips = 0;
    for (let i = 0; i < 400; i++) {
      const mix = sourceMix(SPLITS[i % SPLITS.length], i % 2 ? footage : null);
      const base = planVideo(`v${i}`, i, mix);
      const varied = planVideo(`v${i}`, i, mix, { ...DEFAULT_LIMITS, dipVariety: 1 });
      expect(varied.frames).toBe(base.frames);
      expect(planLabels(varied)).toHaveLength(varied.frames);
      expect(varied.shots.map((s) => ({ ...s, frames: 0 }))).toEqual(base.shots.map((s) => ({ ...s, frames: 0 })));
      varied.joins.forEach((j, k) => {
        const b = base.joins[k];
        if (j.kind !== 'black' || b.kind !== 'black') {
          expect(j).toEqual(b);
          expect(varied.shots[k + 1].frames).toBe(base.shots[k + 1].frames);
          return;
        }
        dips++;
        // Only the colour and the solid frames change; the next shot takes the frames no longer held.
        expect({ ...j, colour: null, black: null }).toEqual({ ...b, colour: null, black: null });
        expect(j.black).toBeLessThanOrEqual(b.black);
        expect(varied.shots[k + 1].frames - base.shots[k + 1].frames).toBe(b.black - j.black);
        if (j.black === 0) noHold++;
        else if (j.black <= 2 && b.black > 2) shortHold++;
        if (Math.min(...j.colour) >= 205) white++;
        else if (!isDark(j) && JSON.stringify(j.colour) !== JSON.stringify(b.colour)) colour++;
      });
      // An opening or an ending keeps its solid frames: nothing else would be shown.
      for (const [v, b] of [[varied.lead, base.lead], [varied.tail, base.tail]] as const) {
        if (v && b) expect({ ...v, colour: null }).toEqual({ ...b, colour: null });
      }
      // Frame by frame, the same labels but where solid frames were dropped; a dip without them reads fade_out, fade_in.
      const lb = planLabels(base).filter((l) => l !== 'black');
      const lv = planLabels(varied).filter((l) => l !== 'black');
      expect(lv.filter((l) => l !== 'still' && l !== 'motion' && l !== 'freeze')).toEqual(lb.filter((l) => l !== 'still' && l !== 'motion' && l !== 'freeze'));
    }
    expect(dips).toBeGreaterThan(40);
    for (const n of [white, colour, noHold, shortHold]) expect(n).toBeGreaterThan(0.08 * dips);
  });
});

// A hand-made plan: a shot, a dip to white with no solid frame, a shot, a dip to a colour with two solid frames, a shot.
const W = 160;
const H = 90;

function dipPlan(): VideoPlan {
  const fixed = randomCamera(new Rng(9), 'static');
  const shot = (seed: number, frames: number, entry: ShotPart['entry']): ShotPart => ({
    shot: { kind: 'still', source: { type: 'pattern', gen: 'smptebars', seed, cam: { ...fixed, zoom: 1 } }, noise: 1, gain: [1, 1, 1], noiseSeed: seed },
    frames,
    entry,
  });
  const fade = (frames: number): Fade => ({ frames, curve: { kind: 'linear' } });
  return {
    name: 'dips', width: W, height: H, fps: 25, frames: 20 + 8 + 20 + 12 + 20, crf: 0, preset: 'veryfast', gop: 25, lead: null, tail: null,
    shots: [shot(1, 20, 'start'), shot(2, 20, 'continue'), shot(3, 20, 'continue')],
    joins: [
      { kind: 'black', out: fade(4), black: 0, colour: [250, 248, 244], noise: 0, in: fade(4) },
      { kind: 'black', out: fade(5), black: 2, colour: [40, 90, 220], noise: 0, in: fade(5) },
    ],
  };
}

/** Mean |difference| to a solid colour: 0 for a frame of that colour. */
const distanceTo = (f: Uint8Array, c: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += Math.abs(f[i] - c[i % 3]);
  return s / f.length;
};

describe('rendered dips', () => {
  let dir: string;
  let frames: Uint8Array[];
  let truth: TruthFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-dips-'));
    ({ truth, frames } = await renderLossless(dipPlan(), dir));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels a dip without solid frames fade_out then fade_in, and a coloured one\'s solid frames black', () => {
    expect(frames).toHaveLength(80);
    expect(truth.segments.map((s) => `${s.label}:${s.start}-${s.end}`)).toEqual([
      'still:0-19', 'fade_out:20-23', 'fade_in:24-27', 'still:28-47', 'fade_out:48-52', 'black:53-54', 'fade_in:55-59', 'still:60-79',
    ]);
  });

  it('draws the frames the labels say: toward white and back without reaching it, and a held colour', () => {
    const white = [250, 248, 244];
    const blue = [40, 90, 220];
    const toWhite = frames.slice(19, 29).map((f) => distanceTo(f, white));
    // Closer to white frame by frame through the fade out, farther through the fade in, never white itself.
    for (let k = 0; k < 4; k++) expect(toWhite[k + 1]).toBeLessThan(toWhite[k]);
    for (let k = 5; k < 9; k++) expect(toWhite[k + 1]).toBeGreaterThan(toWhite[k]);
    expect(Math.min(...toWhite)).toBeGreaterThan(5);
    for (const k of [53, 54]) expect(distanceTo(frames[k], blue)).toBeLessThan(1.5);
    for (const k of [52, 55]) expect(distanceTo(frames[k], blue)).toBeGreaterThan(5);
  });
});
