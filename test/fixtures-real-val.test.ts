import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealVal, type RealValSet } from '../fixtures/buildRealVal.js';
import { fetchDebianPackage, RESERVED_PACKAGES } from '../fixtures/debianPackage.js';
import { cutChange, VISIBLE_CUT_CHANGE } from '../fixtures/dropInvisibleCuts.js';
import { editLabels, editPieces, type EditPiece } from '../fixtures/editPieces.js';
import { defaultFootageDir } from '../fixtures/generateFixtures.js';
import { JOIN_DECK, planEdit, type EditPlan } from '../fixtures/planEdit.js';
import { REAL_CLIPS } from '../fixtures/realClips.js';
import { Rng } from '../fixtures/rng.js';
import { decodeLuma, verifyEdit } from '../fixtures/verifyEdit.js';
import { wipeOrderMap, wipeWeight, wipeWeightExpression, type WipeShape } from '../fixtures/wipeShape.js';
import { loadTruth } from '../src/dataset/truthFile.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { DEFAULT_LABELS } from '../src/labels/defaultLabels.js';
import type { TruthFile } from '../src/types.js';

const W = 64;
const H = 36;

/** Bytes of one 64x36 yuv420p frame; its first W * H are the luma plane, in code values (black 16, white 235). */
const FRAME = (W * H * 3) / 2;

/** Luma planes at 64x36 straight from ffmpeg (not through the code under test). */
function lumaFrames(file: string): Uint8Array[] {
  const raw = execFileSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `scale=${W}:${H}:flags=area`, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 1 << 28,
    timeout: 60_000,
  });
  const out: Uint8Array[] = [];
  for (let o = 0; o + FRAME <= raw.length; o += FRAME) out.push(new Uint8Array(raw.subarray(o, o + W * H)));
  return out;
}

function perFrame(t: TruthFile): string[] {
  const labels = new Array<string>(t.frames).fill(t.default ?? t.labels[0]);
  for (const s of t.segments) for (let i = s.start; i <= s.end; i++) labels[i] = s.label;
  return labels;
}

/** Where picture p lies on the line from a to b (0 at a, 1 at b), least squares. */
function projection(p: Uint8Array, a: Uint8Array, b: Uint8Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.length; i++) {
    num += (p[i] - a[i]) * (b[i] - a[i]);
    den += (b[i] - a[i]) ** 2;
  }
  return num / den;
}

const meanAbs = (a: Uint8Array, c: number): number => a.reduce((s, v) => s + Math.abs(v - c), 0) / a.length;
const mean = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0) / a.length;

/** A fade's frames measured against the colour it fades to: frame f at step k of n keeps (1 − k/(n+1)) of the frame before the fade's distance from the colour. */
function fadeSteps(y: Uint8Array[], run: { start: number; end: number }, colour: number, out: boolean): Array<{ frame: number; nearest: number; step: number }> {
  const n = run.end - run.start + 1;
  // The pure picture next to the fade: before a fade out, after a fade in.
  const ref = meanAbs(y[out ? run.start - 1 : run.end + 1], colour);
  const res: Array<{ frame: number; nearest: number; step: number }> = [];
  for (let f = run.start; f <= run.end; f++) {
    const k = out ? f - run.start + 1 : run.end - f + 1; // steps towards the colour
    const kept = meanAbs(y[f], colour) / ref;
    let nearest = 0;
    for (let j = 0; j <= n + 1; j++) if (Math.abs(kept - (1 - j / (n + 1))) < Math.abs(kept - (1 - nearest / (n + 1)))) nearest = j;
    res.push({ frame: f, nearest, step: k });
  }
  return res;
}

describe('real-val edit plans and labels (no footage needed)', () => {
  const clips = [
    { id: 'a', frames: 120 },
    { id: 'b', frames: 90 },
    { id: 'c', frames: 16 },
  ];

  it('is deterministic for a seed, spreads clips and never joins a clip to itself', () => {
    const plan = (seed: number): EditPlan => planEdit('v', new Rng(seed), clips, new Map(), ['cut', 'dissolve-long', 'wipe', 'dip-black-no-hold', 'dip-white']);
    expect(plan(3)).toEqual(plan(3));
    expect(JSON.stringify(plan(3))).not.toBe(JSON.stringify(plan(4)));
    const p = plan(3);
    p.shots.forEach((s, i) => {
      const clip = clips.find((c) => c.id === s.clip)!;
      expect(s.from + s.frames).toBeLessThanOrEqual(clip.frames);
      if (i > 0) expect(s.clip).not.toBe(p.shots[i - 1].clip);
    });
    // Gradual joins need both sides to run on: the 16-frame clip can only sit between cuts.
    expect(p.shots.filter((s) => s.clip === 'c').every((s) => s.frames <= 16)).toBe(true);
  });

  it('labels frames as the generator does: cut on the first new frame, progress k/(n+1), fades around solid frames', () => {
    const plan: EditPlan = {
      name: 'x',
      shots: [
        { clip: 'a', from: 0, frames: 20 },
        { clip: 'b', from: 5, frames: 30 },
        { clip: 'a', from: 40, frames: 30 },
        { clip: 'b', from: 40, frames: 25 },
      ],
      joins: [{ kind: 'cut' }, { kind: 'dip', colour: 'black', out: 5, hold: 0, in: 6 }, { kind: 'dip', colour: 'white', out: 5, hold: 2, in: 5 }],
      lead: { kind: 'dip', colour: 'black', out: 0, hold: 3, in: 5 },
      tail: null,
    };
    const pieces = editPieces(plan);
    const labels = editLabels(pieces);
    const runs = labels.reduce<string[]>((acc, l, i) => (i > 0 && labels[i - 1] === l ? acc : [...acc, `${l}@${i}`]), []);
    expect(runs).toEqual([
      'black@0', // 3 solid frames, then the lead's fade in (5 frames of shot a)
      'fade_in@3',
      'motion@8', // the first shot never starts with a cut
      'cut@23', // a hard cut: the first frame of b only
      'motion@24',
      'fade_out@48', // the last 5 frames of b ...
      'fade_in@53', // ... straight into 6 frames of a: no solid frame between
      'motion@59',
      'fade_out@78',
      'black@83', // white solid frames are `black` too (the solid-colour label)
      'fade_in@85',
      'motion@90',
    ]);
    expect(labels).toHaveLength(3 + 20 + 30 + 30 + 2 + 25);
    // Every frame of a clip is used once, in order: b's frames 5..34 appear as its plain and fade pieces.
    const b = pieces.filter((p): p is Extract<EditPiece, { kind: 'plain' }> => p.kind === 'plain' && p.clip === 'b');
    expect(b[0]).toMatchObject({ from: 5, frames: 25, entry: 'cut' });
  });

  it('deals the join kinds in the deck proportions', () => {
    expect(JOIN_DECK.filter((k) => k === 'cut')).toHaveLength(3);
    expect(new Set(JOIN_DECK).size).toBe(7);
  });

  it('a wipe expression in ffmpeg gives the weights the check computes, for every shape', () => {
    const shapes: WipeShape[] = [
      { shape: 'linear', edge: 'left', reverse: false, soft: 0 },
      { shape: 'diagonal', edge: 'bottom', reverse: true, soft: 0.2 },
      { shape: 'iris', edge: 'top', reverse: false, soft: 0 },
      { shape: 'clock', edge: 'right', reverse: true, soft: 0.1 },
      { shape: 'barn', edge: 'top', reverse: false, soft: 0 },
    ];
    const p = 0.4;
    for (const w of shapes) {
      // Black (A, luma 16) into white (B, luma 235) at one progress, as the edits blend them (yuv420p).
      const expr = `A+(B-A)*${wipeWeightExpression(w, String(p))}`;
      const raw = execFileSync(resolveFfmpeg().ffmpeg.path, [
        '-v', 'error', '-f', 'lavfi', '-i', `color=c=black:s=${W}x${H}:d=0.04,format=yuv420p`, '-f', 'lavfi', '-i', `color=c=white:s=${W}x${H}:d=0.04,format=yuv420p`,
        '-filter_complex', `[0][1]blend=all_expr='${expr}':shortest=1`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-',
      ]).subarray(0, W * H);
      const order = wipeOrderMap(w, W, H);
      let worst = 0;
      for (let i = 0; i < W * H; i++) worst = Math.max(worst, Math.abs(raw[i] - (16 + 219 * wipeWeight(w, order[i], p))));
      expect(worst, `${w.shape}`).toBeLessThanOrEqual(1);
      // Both sides show.
      expect(Math.min(...raw)).toBe(16);
      expect(Math.max(...raw)).toBe(235);
    }
  });

  it('never fetches a package reserved for independent evaluation', async () => {
    for (const pkg of RESERVED_PACKAGES) await expect(fetchDebianPackage(pkg, join(tmpdir(), 'never-made'))).rejects.toThrow(/reserved/);
    expect(existsSync(join(tmpdir(), 'never-made'))).toBe(false);
    expect(REAL_CLIPS.every((c) => c.origin.kind !== 'debian' || !RESERVED_PACKAGES.includes(c.origin.pkg))).toBe(true);
  });
});

describe.skipIf(!defaultFootageDir())('a small real-val set from the shared footage (skipped without ../shared/footage)', () => {
  let root: string;
  let set: RealValSet;
  const clips = ['asl-want', 'fruit-and-vegetable-detection', 'worker-zone-detection'];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fw-realval-'));
    set = await buildRealVal({ out: join(root, 'set'), cache: join(root, 'cache'), count: 3, seed: 2, debian: false, clips });
  }, 600_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes one unedited video per clip, every frame `motion`, and edited videos with valid truth files', async () => {
    expect(set.unedited.map((v) => basename(v))).toEqual(clips.map((c) => `realval-${c}.mp4`).sort());
    expect(set.edited).toHaveLength(3);
    for (const v of [...set.unedited, ...set.edited]) {
      const truth = await loadTruth(v.replace(/\.mp4$/, '.labels.json'));
      expect(truth.labels).toEqual([...DEFAULT_LABELS]);
      expect(lumaFrames(v)).toHaveLength(truth.frames);
      if (set.unedited.includes(v)) {
        expect(truth.segments).toEqual([{ label: 'motion', start: 0, end: truth.frames - 1 }]);
        expect(truth.frames).toBe(REAL_CLIPS.find((c) => v.endsWith(`realval-${c.id}.mp4`))!.frames);
      }
    }
    const manifest = JSON.parse(await readFile(set.manifest, 'utf8')) as { edited: { runsPerLabel: Record<string, number> }; unedited: { videos: number } };
    expect(manifest.unedited.videos).toBe(3);
    expect(Object.keys(manifest.edited.runsPerLabel).length).toBeGreaterThan(3);
  });

  it('the truth agrees with the pictures: cuts jump, solid frames are solid, fades move step by step towards the colour', async () => {
    const checked = { cuts: 0, solid: 0, fades: 0, mixes: 0 };
    for (const v of set.edited) {
      const truth = await loadTruth(v.replace(/\.mp4$/, '.labels.json'));
      const labels = perFrame(truth);
      const y = lumaFrames(v);
      labels.forEach((l, f) => {
        if (l === 'cut') {
          // The first frame of the new shot: a visible jump, larger than the steps on either side of it.
          const change = cutChange(y[f - 1], y[f]);
          expect(change, `${v} frame ${f}`).toBeGreaterThanOrEqual(VISIBLE_CUT_CHANGE);
          expect(change).toBeGreaterThan(cutChange(y[f - 2], y[f - 1]));
          expect(change).toBeGreaterThan(cutChange(y[f], y[f + 1]));
          checked.cuts++;
        }
        if (l === 'black') {
          const m = mean(y[f]);
          const colour = m < 128 ? 16 : 235;
          expect(meanAbs(y[f], colour), `${v} frame ${f}`).toBeLessThan(1.5);
          checked.solid++;
        }
      });
      for (const s of truth.segments) {
        if (s.label !== 'fade_out' && s.label !== 'fade_in') {
          if (s.label === 'dissolve' || s.label === 'wipe') {
            // Each frame lies between the picture before the transition and the one after it, moving from the first
            // towards the second: its projection on the line between them runs from below a half to above.
            const share = (f: number): number => projection(y[f], y[s.start - 1], y[s.end + 1]);
            expect(share(s.start), `${v} ${s.label} ${s.start}-${s.end}`).toBeLessThan(0.5);
            expect(share(s.end), `${v} ${s.label} ${s.start}-${s.end}`).toBeGreaterThan(0.5);
            expect(share(s.start)).toBeGreaterThan(0);
            expect(share(s.end)).toBeLessThan(1);
            checked.mixes++;
          }
          continue;
        }
        const out = s.label === 'fade_out';
        // The colour: the solid run next to the fade, or (a dip without solid frames) whichever the darkest/brightest end is near.
        const edge = out ? s.end : s.start;
        const colour = mean(y[edge]) < 128 ? 16 : 235;
        // Where the picture meets the fade: the frame next to the fade is still pure (it differs from the one
        // beyond it by far less than the fade's first step), so a fade labelled to start a frame late, or to end a
        // frame early, fails. (Its steps measured against that pure frame cannot tell: a fade from a slightly
        // darker picture looks the same.) Then the distance to the colour shrinks at every step, and the step into
        // the fade matches k/(n+1).
        const d = (f: number): number => meanAbs(y[f], colour);
        const [pure, beyond, first] = out ? [s.start - 1, s.start - 2, s.start] : [s.end + 1, s.end + 2, s.end];
        if (labels[pure] === 'motion' && labels[beyond] === 'motion') {
          expect(Math.abs(d(pure) - d(beyond)), `${v} ${s.label} ${s.start}-${s.end}: the fade reaches past its labelled frames`).toBeLessThan(0.5 * (d(pure) - d(first)));
        }
        const steps = fadeSteps(y, s, colour, out);
        const n = steps.length;
        for (const step of steps.filter((t) => t.step === 1)) expect(step.nearest, `${v} ${s.label} ${s.start}-${s.end} frame ${step.frame}`).toBe(1);
        const towards = steps.sort((a, b) => a.step - b.step).map((t) => d(t.frame));
        for (let k = 1; k < n; k++) expect(towards[k], `${v} ${s.label} ${s.start}-${s.end}`).toBeLessThan(towards[k - 1]);
        // Its last frame is not solid yet.
        expect(d(steps[n - 1].frame)).toBeGreaterThan(1.5);
        checked.fades++;
      }
    }
    expect(checked.cuts + checked.fades + checked.mixes).toBeGreaterThan(3);
  });

  it('the build’s own check fails when a transition is moved by one frame', async () => {
    const metas = await Promise.all(set.edited.map(async (v) => JSON.parse(await readFile(v.replace(/\.mp4$/, '.labels.json'), 'utf8')) as { meta: { plan: EditPlan; pieces: EditPiece[] } }));
    for (const m of metas) expect(editPieces(m.meta.plan)).toEqual(m.meta.pieces);
    const movable = (ps: EditPiece[]): number => ps.findIndex((p, k) => p.kind === 'mix' && k > 0 && ps[k - 1].kind === 'plain');
    const at = metas.findIndex((m) => movable(m.meta.pieces) > 0);
    expect(at).toBeGreaterThanOrEqual(0);
    const v = set.edited[at];
    const pieces = metas[at].meta.pieces;
    const prepared = (clip: string): string => join(root, 'cache', 'prepared', `${clip}.mkv`);
    const luma = new Map<string, Promise<Uint8Array[]>>();
    const clipLuma = (clip: string): Promise<Uint8Array[]> => luma.get(clip) ?? (luma.set(clip, decodeLuma(prepared(clip))), luma.get(clip)!);
    expect((await verifyEdit(v, pieces, clipLuma)).problems).toEqual([]);
    const i = movable(pieces);
    const shifted = pieces.map((p) => ({ ...p }));
    const before = shifted[i - 1] as Extract<EditPiece, { kind: 'plain' }>;
    before.frames -= 1;
    // The transition starts one frame early: its pieces keep their lengths, the plain piece after it takes the frame.
    const after = shifted.slice(i + 1).find((p): p is Extract<EditPiece, { kind: 'plain' }> => p.kind === 'plain')!;
    after.frames += 1;
    after.from -= 1;
    const check = await verifyEdit(v, shifted, clipLuma);
    expect(check.problems.length).toBeGreaterThan(0);
  });

  it('a second build with the same options keeps the videos it already made', async () => {
    const before = await stat(set.edited[0]);
    const again = await buildRealVal({ out: join(root, 'set'), cache: join(root, 'cache'), count: 3, seed: 2, debian: false, clips });
    expect(again.edited).toEqual(set.edited);
    expect((await stat(set.edited[0])).mtimeMs).toBe(before.mtimeMs);
  });
});
