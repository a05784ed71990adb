import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth, frameTargets } from '../src/dataset/truthFile.js';
import { DEFAULT_LABELS } from '../src/labels/defaultLabels.js';
import type { TruthFile } from '../src/types.js';
import { randomCamera } from '../fixtures/camera.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { defaultFootageDir } from '../fixtures/generateFixtures.js';
import type { ShotPart, VideoPlan } from '../fixtures/planVideo.js';
import { Rng } from '../fixtures/rng.js';
import type { ShotSpec } from '../fixtures/shot.js';
import { writeFixture } from '../fixtures/writeFixture.js';
import { decodeRgbFrames } from './helpers/ffmpeg.js';

// A tiny hand-made plan with every label: the truth must describe the pixels exactly.
const W = 160;
const H = 90;

function shot(kind: 'still' | 'motion', source: ShotSpec['source'], seed: number, noise = 2): ShotSpec {
  return { kind, source, noise, gain: [1, 1, 1], noiseSeed: seed };
}

function plan(name: string, crf: number): VideoPlan {
  const rng = new Rng(5);
  const shots: ShotPart[] = [
    { shot: shot('still', { type: 'scene', style: 'shapes', bgSeed: 1, moveSeed: 2, speed: 0 }, 1, 3), frames: 12, entry: 'start', freeze: { at: 5, length: 4 } },
    { shot: shot('still', { type: 'pattern', gen: 'smptebars', seed: 1, cam: randomCamera(rng, 'static') }, 2), frames: 10, entry: 'cut' },
    { shot: shot('still', { type: 'pattern', gen: 'geq-waves', seed: 3, cam: randomCamera(rng, 'static') }, 3), frames: 10, entry: 'continue' },
    { shot: shot('motion', { type: 'lavfi', gen: 'testsrc2', seed: 1, skip: 0 }, 4), frames: 10, entry: 'continue' },
    { shot: shot('motion', { type: 'scene', style: 'shapes', bgSeed: 5, moveSeed: 6, speed: 4 }, 5), frames: 10, entry: 'continue' },
    { shot: shot('motion', { type: 'pattern', gen: 'rgbtestsrc', seed: 1, cam: { ...randomCamera(rng, 'pan'), vx: 0.01 } }, 6), frames: 10, entry: 'cut', freeze: { at: 3, length: 3 } },
  ];
  return {
    name, width: W, height: H, fps: 25, frames: 90, crf, preset: 'veryfast', gop: 25, lead: null, shots,
    joins: [
      { kind: 'cut' },
      { kind: 'black', out: { frames: 6, curve: { kind: 'linear' } }, black: 4, colour: [0, 0, 0], noise: 0, in: { frames: 6, curve: { kind: 'smooth' } } },
      { kind: 'dissolve', frames: 6, style: 'mix', curve: { kind: 'linear' }, seed: 1 },
      { kind: 'wipe', frames: 6, wipe: { mode: 'wipe', shape: 'linear', dir: 'left', reverse: false, soft: 0 } },
      { kind: 'cut' },
    ],
    tail: null,
  };
}

const decode = (file: string): Uint8Array[] => decodeRgbFrames(file, W, H);

function probeFrames(file: string): number {
  const r = spawnSync(resolveFfmpeg().ffprobe.path, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const meanAbsDiff = (a: Uint8Array, b: Uint8Array, x0 = 0, x1 = W): number => {
  let s = 0;
  let n = 0;
  for (let y = 0; y < H; y++)
    for (let x = x0; x < x1; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * W + x) * 3 + c;
        s += Math.abs(a[i] - b[i]);
        n++;
      }
  return s / n;
};
const maxAbsDiff = (a: Uint8Array, b: Uint8Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const mean = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0) / a.length;

function perFrame(truth: TruthFile): string[] {
  return Array.from(frameTargets(truth, [...DEFAULT_LABELS]), (i) => DEFAULT_LABELS[i]);
}

/** Index ranges [start, end] of every run of `label`. */
function runs(labels: string[], label: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  labels.forEach((l, i) => {
    if (l !== label) return;
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  });
  return out;
}

describe('fixture truth matches the pixels', () => {
  let dir: string;
  let labels: string[];
  let frames: Uint8Array[];
  let encoded: Uint8Array[];
  let videoPath: string;
  let truth: TruthFile;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-fixtures-'));
    const lossless = await writeFixture(plan('exact', 0), dir, { test: true }, true);
    const lossy = await writeFixture(plan('lossy', 18), dir, { test: true }, false);
    videoPath = lossless.video;
    truth = await loadTruth(lossless.truth);
    labels = perFrame(truth);
    frames = decode(lossless.video);
    encoded = decode(lossy.video);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the planned labels and frame count (truth = ffprobe = decoded)', () => {
    expect(truth.frames).toBe(90);
    expect(frames).toHaveLength(90);
    expect(probeFrames(videoPath)).toBe(90);
    const segs = truth.segments.map((s) => `${s.label}:${s.start}-${s.end}`);
    expect(segs).toEqual([
      'still:0-5', 'freeze:6-9', 'still:10-11', 'cut:12-12', 'still:13-21', 'fade_out:22-27', 'black:28-31',
      'fade_in:32-37', 'still:38-47', 'dissolve:48-53', 'motion:54-63', 'wipe:64-69', 'motion:70-79',
      'cut:80-80', 'motion:81-83', 'freeze:84-86', 'motion:87-89',
    ]);
  });

  it('freeze frames repeat their predecessor exactly; still frames never do', () => {
    for (const [s, e] of runs(labels, 'freeze')) for (let i = s; i <= e; i++) expect(maxAbsDiff(frames[i], frames[i - 1])).toBe(0);
    for (let i = 1; i < labels.length; i++)
      if (labels[i] === 'still' && labels[i - 1] === 'still') expect(maxAbsDiff(frames[i], frames[i - 1])).toBeGreaterThan(0);
  });

  it('cuts differ far more from their predecessor than neighbours within a shot', () => {
    const within: number[] = [];
    for (let i = 1; i < labels.length; i++)
      if ((labels[i] === 'still' || labels[i] === 'motion') && labels[i - 1] === labels[i]) within.push(meanAbsDiff(frames[i], frames[i - 1]));
    const worstWithin = Math.max(...within);
    for (const [s] of runs(labels, 'cut')) expect(meanAbsDiff(frames[s], frames[s - 1])).toBeGreaterThan(3 * worstWithin);
  });

  it('fades darken then brighten monotonically, through black frames', () => {
    const [[fo0, fo1]] = runs(labels, 'fade_out');
    for (let i = fo0; i <= fo1 + 1; i++) expect(mean(frames[i])).toBeLessThan(mean(frames[i - 1]));
    expect(mean(frames[fo1])).toBeGreaterThan(1);
    for (const [s, e] of runs(labels, 'black')) for (let i = s; i <= e; i++) expect(Math.max(...frames[i])).toBeLessThanOrEqual(2);
    const [[fi0, fi1]] = runs(labels, 'fade_in');
    for (let i = fi0; i <= fi1 + 1; i++) expect(mean(frames[i])).toBeGreaterThan(mean(frames[i - 1]));
  });

  it('dissolve frames move steadily from the old shot to the new one', () => {
    const [[s, e]] = runs(labels, 'dissolve');
    const toA = (i: number): number => meanAbsDiff(frames[i], frames[s - 1]);
    for (let i = s; i <= e; i++) {
      expect(toA(i)).toBeGreaterThan(toA(i - 1));
      expect(toA(i)).toBeLessThan(toA(e + 1));
    }
  });

  it('wipe frames show the new shot on the left and the old one on the right', () => {
    const [[s, e]] = runs(labels, 'wipe');
    const edge = Math.floor(W * 0.1);
    for (let i = s; i <= e; i++) {
      const leftB = meanAbsDiff(frames[i], frames[e + 1], 0, edge);
      const leftA = meanAbsDiff(frames[i], frames[s - 1], 0, edge);
      const rightB = meanAbsDiff(frames[i], frames[e + 1], W - edge, W);
      const rightA = meanAbsDiff(frames[i], frames[s - 1], W - edge, W);
      expect(leftB).toBeLessThan(leftA);
      expect(rightA).toBeLessThan(rightB);
    }
    expect(labels[e + 1]).toBe('motion');
  });

  it('after light lossy encoding (crf 18), freeze frames are nearly exact while still frames keep their noise', () => {
    const freezeDiffs = runs(labels, 'freeze').flatMap(([s, e]) => Array.from({ length: e - s + 1 }, (_, k) => meanAbsDiff(encoded[s + k], encoded[s + k - 1])));
    const stillDiffs: number[] = [];
    for (let i = 1; i < labels.length; i++) if (labels[i] === 'still' && labels[i - 1] === 'still') stillDiffs.push(meanAbsDiff(encoded[i], encoded[i - 1]));
    console.log('lossy mean |diff|: freeze', freezeDiffs.map((d) => d.toFixed(3)).join(' '), '| still', stillDiffs.map((d) => d.toFixed(3)).join(' '));
    // x264 keeps refining a frozen picture a little, and quantises weak noise away on some still frames, so
    // the two overlap frame by frame (the features must look further than one difference); on average
    // still frames keep clearly more change.
    const avg = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    expect(Math.max(...freezeDiffs)).toBeLessThan(0.5);
    expect(avg(stillDiffs)).toBeGreaterThan(2 * avg(freezeDiffs));
  });

  it('writes the generator plan into the truth file for debugging', async () => {
    const raw = JSON.parse(await readFile(join(dir, 'exact.labels.json'), 'utf8')) as { meta: { plan: VideoPlan } };
    expect(raw.meta.plan.shots).toHaveLength(6);
  });
});

describe.skipIf(!defaultFootageDir())('clip shots', () => {
  it('never repeat a frame inside a moving shot, even for a slow 12 fps GIF at 25 fps without noise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-clip-'));
    try {
      const file = join(defaultFootageDir()!, 'clips', 'classroom.gif');
      const p: VideoPlan = {
        name: 'clip', width: W, height: H, fps: 25, frames: 30, crf: 0, preset: 'veryfast', gop: 25, lead: null, tail: null, joins: [],
        shots: [{ shot: shot('motion', { type: 'clip', file, start: 0, speed: 0.5, reverse: false, hold: false, cam: randomCamera(new Rng(1), 'static') }, 1, 0), frames: 30, entry: 'start' }],
      };
      const { video } = await writeFixture(p, dir, {}, true);
      const f = decode(video);
      expect(f).toHaveLength(30);
      for (let i = 1; i < f.length; i++) expect(maxAbsDiff(f[i], f[i - 1])).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a clip shorter than its shot', () => {
  it('plays back and forth and never jumps, so the shot has no cut inside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-pingpong-'));
    try {
      // A 10-frame clip of a moving test pattern, played at its own rate from frame 3 for 25 frames.
      const file = join(dir, 'ten.mkv');
      const r = spawnSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25`, '-frames:v', '10', '-c:v', 'ffv1', file]);
      expect(r.status).toBe(0);
      const src = { type: 'clip', file, start: 3, speed: 1, reverse: false, hold: false, cam: randomCamera(new Rng(1), 'static') } as const;
      const p: VideoPlan = {
        name: 'pingpong', width: W, height: H, fps: 25, frames: 25, crf: 0, preset: 'veryfast', gop: 25, lead: null, tail: null, joins: [],
        shots: [{ shot: shot('motion', src, 1, 0), frames: 25, entry: 'start' }],
      };
      const { video, truth } = await writeFixture(p, dir, {}, true);
      const labels = Array.from(frameTargets(await loadTruth(truth), [...DEFAULT_LABELS]), (i) => DEFAULT_LABELS[i]);
      expect(labels).toEqual(Array(25).fill('motion'));
      // Clip frames shown: 3 4 … 9 8 7 … 0 1 2 …; frame 7 shows clip frame 8 again (a loop would show frame 0), frame
      // 12 clip frame 3 again.
      const f = decode(video);
      expect(maxAbsDiff(f[5], f[7])).toBe(0);
      expect(maxAbsDiff(f[0], f[12])).toBe(0);
      expect(maxAbsDiff(f[6], f[7])).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
