import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';
import { DEFAULT_LABELS, IN_SHOT_LABELS } from '../src/labels/defaultLabels.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import type { TruthFile } from '../src/types.js';
import { randomCamera, type CameraSpec } from '../fixtures/camera.js';
import type { FootageIndex } from '../fixtures/footage.js';
import { generateFixtures } from '../fixtures/generateFixtures.js';
import type { Occluder } from '../fixtures/occluder.js';
import { planLabels } from '../fixtures/planLabels.js';
import { DEFAULT_LIMITS, planVideo, type PlanLimits, type ShotPart, type VideoPlan } from '../fixtures/planVideo.js';
import { hashSeed, Rng } from '../fixtures/rng.js';
import type { ShotSpec } from '../fixtures/shot.js';
import { sourceMix, SPLITS } from '../fixtures/splits.js';
import { runCli } from './helpers/cli.js';
import { renderLossless } from './helpers/renderLossless.js';

const footage: FootageIndex = {
  dir: '/f',
  photos: Array.from({ length: 12 }, (_, i) => `/f/photos/p-${String(i).padStart(2, '0')}.jpg`),
  clips: [...Array.from({ length: 10 }, (_, i) => `/f/clips/asl-${i}.mkv`), ...Array.from({ length: 12 }, (_, i) => `/f/clips/g${String(i).padStart(2, '0')}.gif`)],
};

describe('plans with and without real motion', () => {
  it('leaves every plan made without the option exactly as the generator made it before the option existed', () => {
    // 500 plans over every split, with and without footage, plain and with every other option; the hash was taken
    // from the same plans made by the generator before real motion was added.
    const plans: VideoPlan[] = [];
    for (const split of SPLITS)
      for (const f of [footage, null])
        for (let i = 0; i < 25; i++) {
          plans.push(planVideo(`${split}-${i}`, i * 7919 + 1, sourceMix(split, f), DEFAULT_LIMITS));
          plans.push(planVideo(`${split}-${i}-d`, i, sourceMix(split, f), { ...DEFAULT_LIMITS, distractors: 0.4, eventsAfterCuts: 0.5, fastPans: 0.5 }));
        }
    expect(createHash('sha256').update(JSON.stringify(plans)).digest('hex')).toBe('840f329375c84e0e0f59802e42d93a114369b484b54e38fece727cfe10e04fe9');
    const mix = sourceMix('train', footage);
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, realMotion: 0 })).toEqual(planVideo('d', 3, mix));
    expect(JSON.stringify(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, realMotion: undefined }))).toBe(JSON.stringify(planVideo('d', 3, mix)));
  });

  const pairs = (limits: Partial<PlanLimits>): Array<[VideoPlan, VideoPlan]> =>
    Array.from({ length: 40 }, (_, i) => {
      const mix = sourceMix(SPLITS[i % SPLITS.length], i % 2 ? footage : null);
      return [planVideo(`r${i}`, i, mix, { ...DEFAULT_LIMITS, ...limits }), planVideo(`r${i}`, i, mix, { ...DEFAULT_LIMITS, ...limits, realMotion: 1 })];
    });

  it('adds events to the same shots and joins, and labels only what the plan without it labels', () => {
    const kinds = new Map<string, number>();
    let shots = 0;
    for (const [base, real] of pairs({ distractors: 0.3 })) {
      expect(real.joins).toEqual(base.joins);
      expect({ ...real, shots: 0 }).toEqual({ ...base, shots: 0 });
      real.shots.forEach((s, k) => {
        const b = base.shots[k];
        expect([s.frames, s.entry, s.shot.kind, s.shot.source.type, s.flash, s.exposure]).toEqual([b.frames, b.entry, b.shot.kind, b.shot.source.type, b.flash, b.exposure]);
        shots++;
        if (s.realMotion) kinds.set(s.realMotion, (kinds.get(s.realMotion) ?? 0) + 1);
        // Overlays stay inside the shot's own frames; camera changes only go into moving shots.
        for (const e of [s.occluder, s.dip && { at: s.dip.at, frames: s.dip.down + s.dip.hold + s.dip.up }]) {
          if (!e) continue;
          expect(e.at).toBeGreaterThanOrEqual(0);
          expect(e.at + e.frames).toBeLessThanOrEqual(s.frames);
        }
        const cam: CameraSpec | undefined = 'cam' in s.shot.source ? s.shot.source.cam : undefined;
        if (cam?.handheld || cam?.whip || cam?.shutter) expect(s.shot.kind).toBe('motion');
        if (s.realMotion) expect(s.freeze).toBeUndefined();
      });
      // Frame by frame: the same transitions; in shots the same kind (a dropped freeze shows the shot's kind).
      const lb = planLabels(base);
      const lr = planLabels(real);
      expect(lr).toHaveLength(lb.length);
      lr.forEach((l, i) => {
        if (lb[i] === 'freeze') expect(IN_SHOT_LABELS).toContain(l);
        else expect(l).toBe(lb[i]);
      });
    }
    expect([...kinds.keys()].sort()).toEqual(['approach', 'blurPan', 'cross', 'dip', 'enter', 'handheld', 'whip']);
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9 * shots);
    // A chance of one half gives about half the shots an event.
    const half = Array.from({ length: 40 }, (_, i) => planVideo(`h${i}`, i, sourceMix('train', footage), { ...DEFAULT_LIMITS, realMotion: 0.5 })).flatMap((p) => p.shots);
    const share = half.filter((s) => s.realMotion).length / half.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
  });

  it('textures foreground objects from the split\'s own photographs and clips when there is footage', () => {
    const files = new Set<string>();
    for (let i = 0; i < 60; i++)
      for (const s of planVideo(`t${i}`, i, sourceMix('unseen', footage), { ...DEFAULT_LIMITS, realMotion: 1 }).shots) {
        const t = s.occluder?.texture;
        if (t && (t.kind === 'photo' || t.kind === 'clip')) files.add(t.file);
      }
    const unseen = sourceMix('unseen', footage);
    expect(files.size).toBeGreaterThan(3);
    for (const f of files) expect([...unseen.photos, ...unseen.clips]).toContain(f);
  });
});

// A hand-made plan with one event of each rendering path, encoded losslessly: the pixels must show the events.
const W = 160;
const H = 90;

function shot(kind: 'still' | 'motion', source: ShotSpec['source'], seed: number): ShotSpec {
  return { kind, source, noise: 1, gain: [1, 1, 1], noiseSeed: seed };
}

const occluder = (o: Partial<Occluder>): Occluder => ({
  at: 0, frames: 10, path: 'cross', from: 'left', to: 'right', size: 0.8, aspect: 0.7, angle: 0.3, lobes: 0, lobeDepth: 0.05, soft: 0.1,
  lane: 0.5, reach: 1, cover: 0, shutter: 0.5, texture: { kind: 'skin', colour: [200, 150, 120] }, noise: 1, seed: 3, ...o,
});

function eventPlan(clip: string): VideoPlan {
  const rng = new Rng(9);
  const fixed = randomCamera(rng, 'static');
  const shots: ShotPart[] = [
    // 0-39: a dark object walks up to the lens, covers it (leave 7, grow 19: frames 24-27 at the lens), leaves by 35.
    {
      shot: shot('still', { type: 'pattern', gen: 'smptebars', seed: 1, cam: { ...fixed, zoom: 1 } }, 1), frames: 40, entry: 'start',
      occluder: occluder({ at: 5, frames: 30, path: 'approach', from: 'bottom', to: 'left', size: 0.25, aspect: 0.8, cover: 4, texture: { kind: 'dark', colour: [30, 28, 32] } }),
    },
    // 40-69: a horizontal whip pan over the bars, camera frames 10-14.
    {
      shot: shot('motion', { type: 'pattern', gen: 'smptebars', seed: 1, cam: { ...fixed, kind: 'pan', zoom: 0.45, fx: 0.05, fy: 0.5, whip: { at: 10, frames: 5, dx: 0.9, dy: 0 }, shutter: 1 } }, 2),
      frames: 30, entry: 'cut',
    },
    // 70-101: a hand sweeps across (frames 74-81), then an exposure dip (92-98: 92 down, 93-95 held, 96-98 up).
    {
      shot: shot('still', { type: 'scene', style: 'shapes', bgSeed: 4, moveSeed: 5, speed: 0 }, 3), frames: 32, entry: 'cut',
      occluder: occluder({ at: 4, frames: 8 }),
      dip: { at: 22, down: 1, hold: 3, up: 3, gain: 0.4 },
    },
    // 102-126: rolling hand-held camera over a still picture.
    {
      shot: shot('motion', { type: 'pattern', gen: 'life', seed: 1, cam: { ...fixed, zoom: 0.7, handheld: { walk: 20, walkPeriod: 20, jitter: 2, roll: 0.02, seed: 7 }, shutter: 0.5 } }, 4),
      frames: 25, entry: 'cut',
    },
    // 127-151: a whip pan over a real clip's frames (a lavfi clip here), camera frames 8-12.
    {
      shot: shot('motion', { type: 'clip', file: clip, start: 0, speed: 1, reverse: false, hold: false, cam: { ...fixed, kind: 'pan', zoom: 0.45, fx: 0.05, fy: 0.5, whip: { at: 8, frames: 5, dx: 0.9, dy: 0 }, shutter: 1 } }, 5),
      frames: 25, entry: 'cut',
    },
  ];
  return { name: 'events', width: W, height: H, fps: 25, frames: 152, crf: 0, preset: 'veryfast', gop: 25, lead: null, shots, joins: [{ kind: 'cut' }, { kind: 'cut' }, { kind: 'cut' }, { kind: 'cut' }], tail: null };
}

const luma = (f: Uint8Array, i: number): number => 0.299 * f[i * 3] + 0.587 * f[i * 3 + 1] + 0.114 * f[i * 3 + 2];
const meanLuma = (f: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < W * H; i++) s += luma(f, i);
  return s / (W * H);
};
const meanAbsDiff = (a: Uint8Array, b: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
};
/** Spread of 8x8 block means of luma: picture structure, not sensor noise (a solid frame with noise has ~0). */
const blockSpread = (f: Uint8Array): number => {
  const means: number[] = [];
  for (let by = 0; by + 8 <= H; by += 8)
    for (let bx = 0; bx + 8 <= W; bx += 8) {
      let s = 0;
      for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) s += luma(f, y * W + x);
      means.push(s / 64);
    }
  const m = means.reduce((a, b) => a + b, 0) / means.length;
  return Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / means.length);
};
/** Steepest step of the column means of luma (noise averages out): a sharp vertical edge, or one blurred sideways. */
const steepestStep = (f: Uint8Array): number => {
  const col = Array.from({ length: W }, (_, x) => {
    let s = 0;
    for (let y = 0; y < H; y++) s += luma(f, y * W + x);
    return s / H;
  });
  let m = 0;
  for (let x = 1; x < W; x++) m = Math.max(m, Math.abs(col[x] - col[x - 1]));
  return m;
};
/** Mean |difference| of 8x8 block means of luma: how much the picture moved, with sensor noise averaged out. */
const blockDiff = (a: Uint8Array, b: Uint8Array): number => {
  let s = 0;
  let n = 0;
  for (let by = 0; by + 8 <= H; by += 8)
    for (let bx = 0; bx + 8 <= W; bx += 8) {
      let d = 0;
      for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) d += luma(a, y * W + x) - luma(b, y * W + x);
      s += Math.abs(d / 64);
      n++;
    }
  return s / n;
};

describe('rendered real motion', () => {
  let dir: string;
  let frames: Uint8Array[];
  let truth: TruthFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-realmotion-'));
    const clip = join(dir, 'clip.mp4');
    const made = spawnSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-frames:v', '40', '-pix_fmt', 'yuv420p', clip]);
    expect(made.status).toBe(0);
    ({ truth, frames } = await renderLossless(eventPlan(clip), dir));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels every frame by its shot: no transition where none was planned', () => {
    expect(truth.segments.map((s) => `${s.label}:${s.start}-${s.end}`)).toEqual(['still:0-39', 'cut:40-40', 'motion:41-69', 'cut:70-70', 'still:71-101', 'cut:102-102', 'motion:103-126', 'cut:127-127', 'motion:128-151']);
    expect(frames).toHaveLength(152);
  });

  it('darkens the whole frame while an object covers the lens, without ever making it a solid colour', () => {
    const background = meanLuma(frames[0]);
    console.log(
      'covered lens: mean luma', [24, 25, 26, 27].map((i) => meanLuma(frames[i]).toFixed(1)).join(' '), 'of', background.toFixed(1),
      '| 8x8 block spread', [24, 25, 26, 27].map((i) => blockSpread(frames[i]).toFixed(1)).join(' '), 'of', blockSpread(frames[0]).toFixed(1),
    );
    for (let i = 24; i <= 27; i++) {
      expect(meanLuma(frames[i])).toBeLessThan(0.4 * background);
      expect(blockSpread(frames[i])).toBeGreaterThan(1.5);
      expect(meanAbsDiff(frames[i], frames[i - 1])).toBeGreaterThan(0.3); // never an exact repeat
    }
    // Before it comes and once it has gone, the fixed shot is back: only noise differs.
    for (const i of [3, 36, 39]) expect(meanAbsDiff(frames[i], frames[0])).toBeLessThan(2);
    // It comes closer: more and more of the frame differs from the background.
    const growth = [8, 14, 18, 22].map((i) => meanAbsDiff(frames[i], frames[0]));
    for (let k = 1; k < growth.length; k++) expect(growth[k]).toBeGreaterThan(growth[k - 1]);
  });

  it('whips across the picture fast and blurred, then holds', () => {
    const step = (i: number): number => meanAbsDiff(frames[i], frames[i - 1]);
    const whip = [51, 52, 53, 54].map(step);
    const calm = [43, 45, 47, 58, 62, 66].map(step);
    expect(Math.min(...whip)).toBeGreaterThan(5 * Math.max(...calm));
    expect(steepestStep(frames[52])).toBeLessThan(0.3 * steepestStep(frames[45]));
  });

  it('whips across a clip as across a picture', () => {
    const step = (i: number): number => meanAbsDiff(frames[i], frames[i - 1]);
    const whip = [136, 137, 138, 139].map(step);
    const playing = [129, 131, 133, 143, 146, 150].map(step);
    console.log('whip over a clip: mean |difference| to the previous frame', whip.map((d) => d.toFixed(1)).join(' '), '| playing', playing.map((d) => d.toFixed(1)).join(' '));
    expect(Math.min(...whip)).toBeGreaterThan(3 * Math.max(...playing));
  });

  it('sweeps a hand across a still shot and dips the exposure without a fade', () => {
    const ref = frames[71];
    expect(meanAbsDiff(frames[78], ref)).toBeGreaterThan(20);
    expect(meanAbsDiff(frames[83], ref)).toBeLessThan(2);
    const before = meanLuma(frames[91]);
    console.log('exposure dip: mean luma ratio', [92, 93, 94, 95, 96, 97, 98, 99].map((i) => (meanLuma(frames[i]) / before).toFixed(2)).join(' '), '| hand mid-sweep mean |difference|', meanAbsDiff(frames[78], ref).toFixed(1));
    for (let i = 93; i <= 95; i++) {
      const ratio = meanLuma(frames[i]) / before;
      expect(ratio).toBeGreaterThan(0.35);
      expect(ratio).toBeLessThan(0.45);
      expect(blockSpread(frames[i])).toBeGreaterThan(0.3 * blockSpread(frames[91]));
    }
    expect(meanLuma(frames[92])).toBeLessThan(0.5 * before); // one frame down: sudden, not a fade
    expect(meanAbsDiff(frames[99], frames[91])).toBeLessThan(2);
  });

  it('moves a hand-held camera on nearly every frame', () => {
    const fixed = Math.max(...[1, 2, 3, 4].map((i) => blockDiff(frames[i], frames[i - 1])));
    const moves = Array.from({ length: 23 }, (_, k) => blockDiff(frames[104 + k], frames[103 + k]));
    console.log('hand-held: 8x8 block mean |difference| per frame', moves.map((d) => d.toFixed(2)).join(' '), '| fixed camera at most', fixed.toFixed(2));
    // A hand-held camera slows down now and then, but mostly it moves.
    expect(moves.filter((d) => d > 3 * fixed).length).toBeGreaterThan(0.8 * moves.length);
  });
});

describe('generateFixtures and the CLI with real motion', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fw-gen-real-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const small = { seconds: [2, 3] as [number, number], sizes: [[128, 72]] as Array<[number, number]>, fpsChoices: [25] };

  it('renders what the plan labels, and keeps the cache of videos made without the option', async () => {
    const videos = await generateFixtures({ out: join(root, 'a'), count: 2, seed: 5, footage: null, overrides: { ...small, realMotion: 1 } });
    for (const v of videos) {
      const file = JSON.parse(await readFile(v.replace(/\.mp4$/, '.labels.json'), 'utf8')) as { meta: { plan: VideoPlan; invisibleCuts: number[] } };
      expect(file.meta.plan.shots.some((s) => s.realMotion)).toBe(true);
      const t = await loadTruth(v.replace(/\.mp4$/, '.labels.json'));
      const planned: string[] = planLabels(file.meta.plan);
      for (const i of file.meta.invisibleCuts) planned[i] = planned.slice(i + 1).find((l) => IN_SHOT_LABELS.includes(l))!;
      expect(Array.from(frameTargets(t, [...DEFAULT_LABELS]), (i) => DEFAULT_LABELS[i])).toEqual(planned);
    }
    // The CLI passes an unset --real-motion as undefined: the cache key of a plain video must not change.
    const [plain] = await generateFixtures({ out: join(root, 'b'), count: 1, seed: 5, footage: null, overrides: small });
    const before = (await stat(plain)).mtimeMs;
    await generateFixtures({ out: join(root, 'b'), count: 1, seed: 5, footage: null, overrides: { ...small, realMotion: undefined } });
    expect((await stat(plain)).mtimeMs).toBe(before);
  });

  it('takes --real-motion P from the command line, checks it, and refuses it with --real-val', async () => {
    // The CLI has no size options: a seed whose first train video is small and short keeps this quick.
    const mix = sourceMix('train', null);
    let seed = 0;
    for (;; seed++) {
      const p = planVideo('train-0000', hashSeed(seed, 'train', 0), mix, { ...DEFAULT_LIMITS, realMotion: 1 });
      if (p.width === 320 && p.frames <= 230) break;
    }
    const out = join(root, 'cli');
    const r = await runCli(['fixtures', '--out', out, '--count', '1', '--seed', String(seed), '--real-motion', '1', '--no-footage'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const plan = (JSON.parse(await readFile(join(out, 'train-0000.labels.json'), 'utf8')) as { meta: { plan: VideoPlan } }).meta.plan;
    expect(plan.shots.every((s) => s.realMotion)).toBe(true);
    const bad = await runCli(['fixtures', '--out', join(root, 'never'), '--real-motion', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--real-motion.*from 0 to 1/);
    const realVal = await runCli(['fixtures', '--real-val', '--out', join(root, 'never'), '--real-motion', '0.5']);
    expect(realVal.code).toBe(2);
    expect(realVal.stderr).toMatch(/--real-motion/);
  }, 150_000);
});
