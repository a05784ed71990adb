import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDataset } from '../src/dataset/listDataset.js';
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';
import { DEFAULT_LABELS } from '../src/labels/defaultLabels.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import type { FootageIndex } from '../fixtures/footage.js';
import { defaultFootageDir, generateFixtures } from '../fixtures/generateFixtures.js';
import { LAVFI_GENERATORS, lavfiGraph } from '../fixtures/lavfiGenerators.js';
import { DEFAULT_DISTRACTORS, DEFAULT_LIMITS, planVideo, type PlanLimits, type ShotPart, type VideoPlan } from '../fixtures/planVideo.js';
import { planLabels } from '../fixtures/planLabels.js';
import { Rng } from '../fixtures/rng.js';
import { sourceMix } from '../fixtures/splits.js';

// Small and short: the point is determinism and bookkeeping, not the look.
const small = { seconds: [2, 3] as [number, number], sizes: [[128, 72]] as Array<[number, number]>, fpsChoices: [25] };

function probe(file: string): { frames: number; codec: string; width: number } {
  const r = spawnSync(resolveFfmpeg().ffprobe.path, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,codec_name,width', '-of', 'json', file], { encoding: 'utf8' });
  const s = (JSON.parse(r.stdout) as { streams: Array<{ nb_read_frames: string; codec_name: string; width: number }> }).streams[0];
  return { frames: Number(s.nb_read_frames), codec: s.codec_name, width: s.width };
}

async function truthText(file: string): Promise<string> {
  return readFile(file.replace(/\.mp4$/, '.labels.json'), 'utf8');
}

describe('generateFixtures', () => {
  let root: string;
  let a: string[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fw-gen-'));
    a = await generateFixtures({ out: join(root, 'a'), count: 3, seed: 7, footage: null, overrides: small });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes H.264 mp4s whose frame count matches a valid truth file', async () => {
    expect(a).toHaveLength(3);
    const entries = await listDataset(join(root, 'a'));
    expect(entries.map((e) => e.video)).toEqual(a);
    for (const e of entries) {
      const truth = await loadTruth(e.truth);
      const p = probe(e.video);
      expect(p.codec).toBe('h264');
      expect(p.width).toBe(128);
      expect(p.frames).toBe(truth.frames);
      expect(truth.labels).toEqual([...DEFAULT_LABELS]);
      // Segments cover every frame, in order.
      expect(truth.segments[0].start).toBe(0);
      expect(truth.segments[truth.segments.length - 1].end).toBe(truth.frames - 1);
    }
  });

  it('renders the labels planLabels reads from the plan alone (invisible cuts aside)', async () => {
    for (const video of a) {
      const file = JSON.parse(await truthText(video)) as { meta: { plan: VideoPlan; invisibleCuts: number[] } };
      const truth = await loadTruth(video.replace(/\.mp4$/, '.labels.json'));
      const rendered = Array.from(frameTargets(truth, [...DEFAULT_LABELS]), (i) => DEFAULT_LABELS[i]);
      const planned: string[] = planLabels(file.meta.plan);
      // A planned cut the video does not show takes its shot's kind (dropInvisibleCuts).
      for (const i of file.meta.invisibleCuts) planned[i] = planned.slice(i + 1).find((l) => l === 'still' || l === 'motion')!;
      expect(planned).toEqual(rendered);
    }
  });

  it('is deterministic for a seed and differs for another seed', async () => {
    const b = await generateFixtures({ out: join(root, 'b'), count: 3, seed: 7, footage: null, overrides: small, concurrency: 1 });
    const c = await generateFixtures({ out: join(root, 'c'), count: 3, seed: 8, footage: null, overrides: small });
    for (let i = 0; i < 3; i++) expect(await truthText(b[i])).toBe(await truthText(a[i]));
    const differs = await Promise.all(c.map(async (f, i) => (await truthText(f)) !== (await truthText(a[i]))));
    expect(differs.some(Boolean)).toBe(true);
  });

  it('keeps videos that already exist with the same recipe, and reports progress', async () => {
    const before = (await stat(a[0])).mtimeMs;
    const seen: string[] = [];
    await generateFixtures({ out: join(root, 'a'), count: 3, seed: 7, footage: null, overrides: small, onProgress: (d, n, name) => seen.push(`${d}/${n} ${name}`) });
    expect((await stat(a[0])).mtimeMs).toBe(before);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toMatch(/^3\/3 train-000\d$/);
    expect(existsSync(join(root, 'a', '.train-0000.tmp.mp4'))).toBe(false);
  });
});

describe('split source mixes', () => {
  const footage: FootageIndex = {
    dir: '/f',
    photos: Array.from({ length: 12 }, (_, i) => `/f/photos/p-${String(i).padStart(2, '0')}.jpg`),
    clips: [
      ...Array.from({ length: 10 }, (_, i) => `/f/clips/asl-${i}.mkv`),
      ...Array.from({ length: 12 }, (_, i) => `/f/clips/g${String(i).padStart(2, '0')}.gif`),
    ],
  };

  /** Each shot's source: its file (photos, clips), drawing style (scenes) or generator. */
  const sourcesOf = (p: VideoPlan): string[] =>
    p.shots.map(({ shot: { source: s } }) => (s.type === 'photo' || s.type === 'clip' ? s.file : s.type === 'scene' ? s.style : s.gen));

  it('never lets train/val/test touch the sources reserved for unseen', () => {
    const unseen = sourceMix('unseen', footage);
    expect(unseen.photos).toHaveLength(4);
    expect(unseen.clips.filter((c) => c.endsWith('.gif'))).toHaveLength(4);
    expect(unseen.clips.filter((c) => c.endsWith('.mkv'))).toHaveLength(3);
    for (const split of ['train', 'variety', 'val', 'test'] as const) {
      const m = sourceMix(split, footage);
      for (const f of [...m.photos, ...m.clips]) expect([...unseen.photos, ...unseen.clips]).not.toContain(f);
      for (const g of [...m.moving, ...m.patterns]) expect([...unseen.moving, ...unseen.patterns]).not.toContain(g);
      expect(m.styles).not.toContain('outline');
      expect(m.photos.length + unseen.photos.length).toBe(12);
    }
  });

  it('builds a graph that ffmpeg runs for every lavfi generator', () => {
    for (const gen of LAVFI_GENERATORS) {
      const { graph } = lavfiGraph(gen, new Rng(7), 128, 72, 25);
      const r = spawnSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', graph, '-frames:v', '3', '-f', 'null', '-'], { encoding: 'utf8' });
      expect({ gen, status: r.status, stderr: r.stderr }).toEqual({ gen, status: 0, stderr: '' });
    }
  });

  it('keeps the variety split\'s extra sources out of validation and test, and plans with them', () => {
    const variety = sourceMix('variety', footage);
    const train = sourceMix('train', footage);
    const extra = [...variety.moving, ...variety.patterns, ...variety.styles].filter((g) => ![...train.moving, ...train.patterns, ...train.styles].includes(g));
    expect(new Set(extra)).toEqual(new Set(['geq-plasma', 'geq-checker', 'haldclutsrc', 'mosaic']));
    for (const split of ['val', 'test', 'unseen'] as const) {
      const m = sourceMix(split, footage);
      for (const g of extra) expect([...m.moving, ...m.patterns, ...m.styles]).not.toContain(g);
    }
    const used = new Set(Array.from({ length: 40 }, (_, i) => sourcesOf(planVideo(`v${i}`, i, variety))).flat());
    for (const g of extra) expect(used).toContain(g);
  });

  it('plans for unseen use only unseen sources; no footage means lavfi and procedural only', () => {
    const unseen = sourceMix('unseen', footage);
    const allowed = new Set<string>([...unseen.photos, ...unseen.clips, ...unseen.moving, ...unseen.patterns, ...unseen.styles]);
    for (let i = 0; i < 20; i++) for (const u of sourcesOf(planVideo(`u${i}`, i, unseen))) expect(allowed).toContain(u);
    const bare = sourceMix('train', null);
    for (let i = 0; i < 20; i++)
      for (const s of planVideo(`t${i}`, i, bare).shots) expect(['lavfi', 'pattern', 'scene']).toContain(s.shot.source.type);
  });

  it('sets the share of cuts between look-alike shots, leaving the default plans as they were', () => {
    const mix = sourceMix('train', null);
    const lookAlike = (similarCuts?: number): [number, number] => {
      let alike = 0;
      let cuts = 0;
      for (let i = 0; i < 40; i++) {
        const p = planVideo(`s${i}`, i, mix, { ...DEFAULT_LIMITS, similarCuts });
        p.joins.forEach((j, k) => {
          if (j.kind !== 'cut') return;
          cuts++;
          // The look-alike of a scene keeps its background; of anything else, its source family and picture.
          const [a, b] = [p.shots[k].shot.source, p.shots[k + 1].shot.source];
          if (a.type === b.type && JSON.stringify({ ...a, cam: 0, start: 0, skip: 0, moveSeed: 0, speed: 0, hold: 0, seed: 0 }) === JSON.stringify({ ...b, cam: 0, start: 0, skip: 0, moveSeed: 0, speed: 0, hold: 0, seed: 0 })) alike++;
        });
      }
      return [alike, cuts];
    };
    const [none, n0] = lookAlike(0);
    const [all, n1] = lookAlike(1);
    expect(n0).toBeGreaterThan(50);
    expect(none).toBeLessThan(0.15 * n0); // chance repeats of a generator only
    expect(all).toBeGreaterThan(0.8 * n1); // a still look-alike of a moving lavfi shot is not possible
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, similarCuts: 0.3 })).toEqual(planVideo('d', 3, mix));
  });

  it('sets the chance of flashes and exposure changes, leaving the default plans as they were', () => {
    const mix = sourceMix('train', null);
    const count = (distractors?: number): { shots: number; flashes: number; exposures: number } => {
      const c = { shots: 0, flashes: 0, exposures: 0 };
      for (let i = 0; i < 40; i++)
        for (const s of planVideo(`e${i}`, i, mix, { ...DEFAULT_LIMITS, distractors }).shots) {
          c.shots++;
          if (s.flash) c.flashes++;
          if (s.exposure) c.exposures++;
        }
      return c;
    };
    const few = count(0);
    const many = count(0.5);
    expect(few.flashes + few.exposures).toBe(0);
    expect(many.exposures).toBeGreaterThan(0.3 * many.shots);
    expect(many.flashes).toBeGreaterThan(0.15 * many.shots); // a shot with a freeze gets no flash
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, distractors: DEFAULT_DISTRACTORS })).toEqual(planVideo('d', 3, mix));
  });

  it('puts a flash or an exposure step just after cuts on request, leaving the default plans as they were', () => {
    const mix = sourceMix('train', null);
    // Per shot entered by a cut: does a flash or an exposure step start within its first five frames?
    const afterCuts = (eventsAfterCuts?: number): boolean[] =>
      Array.from({ length: 40 }, (_, i) => planVideo(`c${i}`, i, mix, { ...DEFAULT_LIMITS, distractors: 0, eventsAfterCuts }))
        .flatMap((p) => p.shots.filter((s) => s.entry === 'cut' && s.frames >= 12))
        .map((s) => (s.flash !== undefined && s.flash.at <= 5) || (s.exposure !== undefined && s.exposure.at <= 5 && s.exposure.ramp === 0));
    const none = afterCuts(0);
    const all = afterCuts(1);
    expect(none.length).toBeGreaterThan(30);
    expect(none.filter(Boolean)).toHaveLength(0); // no distractors at all
    expect(all.every(Boolean)).toBe(true);
    const some = afterCuts(0.5);
    const half = some.filter(Boolean).length / some.length;
    expect(half).toBeGreaterThan(0.3);
    expect(half).toBeLessThan(0.7);
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, eventsAfterCuts: 0 })).toEqual(planVideo('d', 3, mix));
  });

  it('makes flashes without exposure changes, and fast pans, on request, leaving the default plans as they were', () => {
    const mix = sourceMix('test', null);
    const shots = (limits: Partial<PlanLimits>): ShotPart[] =>
      Array.from({ length: 40 }, (_, i) => planVideo(`p${i}`, i, mix, { ...DEFAULT_LIMITS, ...limits })).flatMap((p) => p.shots);
    const flashesOnly = shots({ distractors: 0.5, exposureChanges: 0 });
    expect(flashesOnly.filter((s) => s.flash).length).toBeGreaterThan(0.2 * flashesOnly.length);
    expect(flashesOnly.filter((s) => s.exposure)).toHaveLength(0);
    // Pan speed of each moving shot over a picture, in picture widths per frame.
    const panSpeeds = (limits: Partial<PlanLimits>): number[] =>
      shots(limits).flatMap((s) => (s.shot.kind === 'motion' && 'cam' in s.shot.source ? [Math.hypot(s.shot.source.cam.vx, s.shot.source.cam.vy)] : []));
    const fast = panSpeeds({ fastPans: 1 });
    expect(fast.length).toBeGreaterThan(10);
    expect(Math.min(...fast)).toBeGreaterThanOrEqual(0.02);
    expect(Math.max(...panSpeeds({}))).toBeLessThanOrEqual(0.01);
    const some = panSpeeds({ fastPans: 0.5 });
    const share = some.filter((v) => v >= 0.02).length / some.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, fastPans: 0 })).toEqual(planVideo('d', 3, mix));
    expect(planVideo('d', 3, mix, { ...DEFAULT_LIMITS, exposureChanges: DEFAULT_DISTRACTORS })).toEqual(planVideo('d', 3, mix));
  });

  it('defaults to the shared footage folder only when it exists', () => {
    const d = defaultFootageDir();
    if (d) expect(existsSync(join(d, 'photos')) || existsSync(join(d, 'clips'))).toBe(true);
    else expect(d).toBeNull();
  });
});

describe.skipIf(!defaultFootageDir())('with the shared footage', () => {
  it('renders a video from photos and clips', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fw-foot-'));
    try {
      // Seed 20 makes a 3-4 s plan with a clip shot and a photo shot (checked below).
      const [v] = await generateFixtures({ out: dir, count: 1, seed: 20, overrides: { ...small, seconds: [3, 4] } });
      const raw = JSON.parse(await truthText(v)) as { frames: number; meta: { plan: VideoPlan } };
      expect(raw.meta.plan.shots.map((s) => s.shot.source.type).sort()).toEqual(['clip', 'photo']);
      expect(probe(v).frames).toBe(raw.frames);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
