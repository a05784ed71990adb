import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutChange } from '../fixtures/dropInvisibleCuts.js';
import type { CameraSpec } from '../fixtures/camera.js';
import type { ShotPart, VideoPlan } from '../fixtures/planVideo.js';
import type { ShotSource } from '../fixtures/shot.js';
import { writeFixture } from '../fixtures/writeFixture.js';
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';

describe('cutChange', () => {
  const plane = (f: (x: number, y: number) => number): Uint8Array => {
    const p = new Uint8Array(64 * 36);
    for (let y = 0; y < 36; y++) for (let x = 0; x < 64; x++) p[y * 64 + x] = f(x, y);
    return p;
  };
  it('is 0 for identical planes and the mean change of the most changed cell otherwise', () => {
    const a = plane((x, y) => (x * 3 + y * 5) % 200);
    expect(cutChange(a, a)).toBe(0);
    // Only the top-left 16x9 cell changes, by 40 everywhere: its mean is 40, whatever the other 15 cells do.
    const b = plane((x, y) => ((x * 3 + y * 5) % 200) + (x < 16 && y < 9 ? 40 : 0));
    expect(cutChange(a, b)).toBe(40);
    // Half of that cell changes by 40: mean 20.
    const c = plane((x, y) => ((x * 3 + y * 5) % 200) + (x < 8 && y < 9 ? 40 : 0));
    expect(cutChange(a, c)).toBe(20);
  });
});

// A cut to the very same picture cannot be seen, so the truth must not call it a cut; a cut to another picture stays.
describe('writeFixture drops planned cuts the encoded video does not show', () => {
  let dir = '';
  let labels: string[] = [];
  let meta: { invisibleCuts?: number[] } = {};
  const cam: CameraSpec = { kind: 'static', zoom: 0.8, fx: 0.5, fy: 0.5, vx: 0, vy: 0, vz: 0, shake: 0, phase: [0, 0, 0, 0] };
  const bars: ShotSource = { type: 'pattern', gen: 'smptebars', seed: 1, cam };
  const part = (source: ShotSource, entry: ShotPart['entry']): ShotPart => ({
    shot: { kind: 'still', source, noise: 0, gain: [1, 1, 1], noiseSeed: 1 },
    frames: 8,
    entry,
  });
  const plan: VideoPlan = {
    name: 'jumps', width: 160, height: 90, fps: 25, frames: 24, crf: 20, preset: 'veryfast', gop: 25, lead: null, tail: null,
    shots: [part(bars, 'start'), part(bars, 'cut'), part({ type: 'pattern', gen: 'rgbtestsrc', seed: 1, cam }, 'cut')],
    joins: [{ kind: 'cut' }, { kind: 'cut' }],
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-invisible-'));
    const { truth } = await writeFixture(plan, dir, {});
    const file = await loadTruth(truth);
    labels = Array.from(frameTargets(file, file.labels), (i) => file.labels[i]);
    meta = (JSON.parse(await readFile(truth, 'utf8')) as { meta: typeof meta }).meta;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('labels the cut to the same picture with the shot kind and lists it', () => {
    expect(labels[8]).toBe('still');
    expect(meta.invisibleCuts).toEqual([8]);
  });

  it('keeps the cut to a different picture', () => {
    expect(labels[16]).toBe('cut');
    expect(labels.filter((l) => l === 'cut')).toHaveLength(1);
  });
});
