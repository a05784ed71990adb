import path from 'node:path';
import { rmSync } from 'node:fs';
import { defer, from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { ModelError } from '../src/errors.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FeatureExtractor } from '../src/features/FeatureExtractor.js';
import { DEFAULT_FEATURE_SPEC, FW_V2, FW_V3, FW_V4, FW_V5, featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import type { Frame } from '../src/types.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { bothPaths, lcg, vectorHex } from './helpers/featureFrames.js';

const W = DEFAULT_FEATURE_SPEC.width;
const H = DEFAULT_FEATURE_SPEC.height;
const NAMES = featureNames();
const at = (v: Float32Array, name: string): number => {
  const i = NAMES.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name}`);
  return v[i];
};
const DIFFS = NAMES.filter((n) => /^(dmean|mad|mad16|hist|grid_mad1|grid_dmean4)_|^ecr_1$|^rep_(max|changed|changed2)$/.test(n));

function frame(pixel: (x: number, y: number, c: number) => number, w = W, h = H, index = 0): Frame {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = pixel(x, y, c);
  return { index, time: index / 25, width: w, height: h, format: 'rgb24', data, decodedAt: 0 };
}
const solid = (r: number, g: number, b: number, w = W, h = H) => frame((_x, _y, c) => [r, g, b][c], w, h);
/** A yuv420p frame (the decoder's format) with the given luma and neutral chroma. */
function yuv(luma: (x: number, y: number) => number, w = W, h = H): Frame {
  const data = new Uint8Array(w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2)).fill(128);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = luma(x, y);
  return { index: 0, time: 0, width: w, height: h, format: 'yuv420p', data, decodedAt: 0 };
}
/** Luma byte v on the 0-1 scale of the features (limited range: 16 is black, 235 white). */
const lumaOf = (v: number) => (v - 16) / 219;
const grey = (v: number, w = W, h = H) => yuv(() => v, w, h);
/** A textured picture: diagonal stripes, shifted by `dx` pixels. */
const stripes = (dx = 0) => yuv((x, y) => (((x + dx + y) >> 3) & 1 ? 200 : 40));

/** Deterministic noise in [0,1). */
describe('feature spec', () => {
  it('names one feature per dimension, uniquely', () => {
    expect(NAMES).toHaveLength(DEFAULT_FEATURE_SPEC.dim);
    expect(new Set(NAMES).size).toBe(NAMES.length);
    expect(DEFAULT_FEATURE_SPEC).toMatchObject({ name: 'fw-v4', width: 128, height: 72 });
  });

  it('refuses a spec it cannot compute', () => {
    expect(() => new FeatureExtractor({ ...DEFAULT_FEATURE_SPEC, name: 'fw-v0' })).toThrow(ModelError);
    expect(() => new FeatureExtractor({ ...DEFAULT_FEATURE_SPEC, dim: 3 })).toThrow(/dimensions/);
    expect(() => featureSpecNamed('fw-v9')).toThrow(/unknown feature extractor "fw-v9" \(this framewise computes fw-v2, fw-v3, fw-v4 and fw-v5\)/);
    expect(featureSpecNamed(FW_V2)).toMatchObject({ name: FW_V2, dim: 80, width: 128, height: 72 });
  });
});

describe('fw-v3 log-scale features', () => {
  const V2 = { ...DEFAULT_FEATURE_SPEC, name: FW_V2, dim: 80 };
  const ln = (v: number) => Math.log(v + 1e-3);
  // A random blocky texture drifting 1 pixel per frame, with a jump of 20 pixels at frame 6, beyond what block
  // motion searches (a look-alike cut).
  const rnd = lcg(7);
  const blocks = Array.from({ length: 64 * 24 }, () => 40 + Math.floor(160 * rnd()));
  const drift = (n: number) => Array.from({ length: n }, (_, i) => yuv((x, y) => blocks[((x + (i >= 6 ? i + 20 : i)) >> 2) + 64 * (y >> 2)]));

  it('are fw-v2 followed by the new features, so fw-v2 models keep their inputs', () => {
    expect(featureNames(V2)).toEqual(NAMES.slice(0, 80));
    const v2 = new FeatureExtractor(V2);
    const v3 = new FeatureExtractor();
    for (const f of drift(8)) expect(v3.extract(f).subarray(0, 80)).toEqual(v2.extract(f));
  });

  it('are the logs of the changes they name', () => {
    const fx = new FeatureExtractor();
    const [, v] = drift(2).map((f) => fx.extract(f));
    expect(at(v, 'mad_1')).toBeGreaterThan(0.005);
    expect(at(v, 'log_mad_1')).toBeCloseTo(ln(at(v, 'mad_1')), 5);
    expect(at(v, 'log_mad16_1')).toBeCloseTo(ln(at(v, 'mad16_1')), 5);
    expect(at(v, 'log_decorr_1')).toBeCloseTo(ln(1 - at(v, 'corr_1')), 5);
    expect(at(v, 'log_decorr16_1')).toBeCloseTo(ln(1 - at(v, 'corr16_1')), 5);
    expect(at(v, 'log_hist_1')).toBeCloseTo(ln(at(v, 'hist_1')), 5);
    const cells = NAMES.filter((n) => n.startsWith('grid_mad1_')).map((n) => at(v, n));
    expect(at(v, 'log_grid_mad1_max')).toBeCloseTo(ln(Math.max(...cells)), 5);
    expect(at(v, 'log_mc_mad')).toBeCloseTo(ln(at(v, 'mc_mad')), 5);
  });

  it('rise_* measure a jump against the four frames before, from the first frame and after reset', () => {
    const fx = new FeatureExtractor();
    const vs = drift(8).map((f) => fx.extract(f));
    expect(at(vs[0], 'rise_mad_1')).toBe(0);
    const mean4 = (t: number) => [1, 2, 3, 4].reduce((s, k) => s + at(vs[t - k], 'log_mad_1'), 0) / 4;
    expect(at(vs[6], 'rise_mad_1')).toBeCloseTo(at(vs[6], 'log_mad_1') - mean4(6), 5);
    // Steady drift: no rise. The jump: a clear rise of the plain and the motion-compensated difference.
    expect(Math.abs(at(vs[5], 'rise_mad_1'))).toBeLessThan(0.1);
    expect(at(vs[6], 'rise_mad_1')).toBeGreaterThan(Math.log(2));
    expect(at(vs[6], 'rise_mc_mad')).toBeGreaterThan(Math.log(2));
    expect(at(vs[6], 'rise_grid_mad1_max')).toBeGreaterThan(Math.log(2));
    fx.reset();
    expect(at(fx.extract(stripes()), 'rise_mad_1')).toBe(0);
  });
});

describe('fw-v4 persistence features', () => {
  const V3 = featureSpecNamed(FW_V3);
  const V4 = featureSpecNamed(FW_V4);
  const v4Names = featureNames(V4);
  const at4 = (v: Float32Array, name: string): number => v[v4Names.indexOf(name)];
  const ln = (v: number) => Math.log(v + 1e-3);
  // A blocky texture with sensor-like noise whose bottom-right quarter, with `moves`, keeps moving fast (a new
  // texture every frame); with `jump`, from frame 6 its top-left quarter shows another texture: a jump confined to one region,
  // smaller than the motion elsewhere. `flash` instead brightens frame 6 alone.
  const rnd = lcg(11);
  const texture = () => Array.from({ length: 32 * 18 }, () => 40 + Math.floor(160 * rnd()));
  const [a, b] = [texture(), texture()];
  const moving = Array.from({ length: 10 }, texture);
  const noise = lcg(3);
  const scene = (jump: boolean, flash: boolean, moves = true) =>
    Array.from({ length: 10 }, (_, i) =>
      yuv((x, y) => {
        const k = (x >> 2) + 32 * (y >> 2);
        const region = moves && x >= W / 2 && y >= H / 2 ? moving[i] : jump && i >= 6 && x < W / 4 && y < H / 4 ? b : a;
        const v = region[k] + Math.floor(3 * noise());
        return flash && i === 6 ? Math.min(235, v + 60) : v;
      }),
    );

  it('are fw-v3 followed by the new features', () => {
    expect(v4Names.slice(0, V3.dim)).toEqual(featureNames(V3));
    expect(V4.dim).toBe(V3.dim + 5);
    const v3 = new FeatureExtractor(V3);
    const v4 = new FeatureExtractor(V4);
    for (const f of scene(true, false)) expect(v4.extract(f).subarray(0, V3.dim)).toEqual(v3.extract(f));
  });

  it('log_mad* are the logs of the changes over two and four frames', () => {
    const fx = new FeatureExtractor(V4);
    const v = scene(true, false).map((f) => fx.extract(f))[7];
    for (const k of ['mad_2', 'mad_4', 'mad16_2', 'mad16_4']) {
      expect(at4(v, k)).toBeGreaterThan(0.003);
      expect(at4(v, `log_${k}`)).toBeCloseTo(ln(at4(v, k)), 5);
    }
  });

  it('after a jump the change over two frames persists; after a flash it falls back', () => {
    const run = (jump: boolean, flash: boolean) => {
      const fx = new FeatureExtractor(V4);
      return scene(jump, flash, false).map((f) => fx.extract(f));
    };
    const jump = run(true, false);
    const flash = run(false, true);
    // The frame after the event: its change vs the frame before the event (lag 2) against its change vs the event.
    const persistence = (vs: Float32Array[]) => at4(vs[7], 'log_mad16_2') - at4(vs[7], 'log_mad16_1');
    expect(persistence(jump)).toBeGreaterThan(1);
    expect(persistence(flash)).toBeLessThan(-1);
  });

  it('rise_cell_max sees a jump in one region that the motion elsewhere hides from the fw-v3 rises', () => {
    const fx = new FeatureExtractor(V4);
    const vs = scene(true, false).map((f) => fx.extract(f));
    expect(at4(vs[0], 'rise_cell_max')).toBe(0);
    expect(Math.abs(at4(vs[5], 'rise_cell_max'))).toBeLessThan(1);
    expect(at4(vs[6], 'rise_cell_max')).toBeGreaterThan(2);
    expect(at4(vs[6], 'rise_grid_mad1_max')).toBeLessThan(0.5);
    expect(at4(vs[6], 'rise_mad_1')).toBeLessThan(1);
    // Against the largest of the cell's four frames before: the same cell right after the jump shows no rise.
    expect(at4(vs[7], 'rise_cell_max')).toBeLessThan(1);
  });
});

describe('FeatureExtractor on hand-made frames', () => {
  it('returns a new vector of spec.dim values each call', () => {
    const fx = new FeatureExtractor();
    const a = fx.extract(stripes());
    const copy = Float32Array.from(a);
    const b = fx.extract(grey(128));
    expect(a).toHaveLength(DEFAULT_FEATURE_SPEC.dim);
    expect(b).not.toBe(a);
    expect(a).toEqual(copy);
  });

  it('black, white and solid colour frames', () => {
    const fx = new FeatureExtractor();
    const black = fx.extract(solid(0, 0, 0));
    expect(at(black, 'black_frac')).toBe(1);
    expect(at(black, 'white_frac')).toBe(0);
    expect(at(black, 'luma_mean')).toBe(0);
    expect(at(black, 'luma_std')).toBe(0);
    expect(at(black, 'sat_mean')).toBe(0);
    expect(at(black, 'edge_density')).toBe(0);
    expect(at(fx.extract(solid(255, 255, 255)), 'white_frac')).toBe(1);
    const red = fx.extract(solid(255, 0, 0));
    expect(at(red, 'sat_mean')).toBeCloseTo(1, 6);
    // BT.601 luma of pure red, after rounding to a limited-range byte.
    expect(at(red, 'luma_mean')).toBeCloseTo(0.299, 2);
    expect(at(red, 'grid_mean_r2c3')).toBeCloseTo(at(red, 'luma_mean'), 6);
  });

  it('gives the same bits on the WebAssembly and JavaScript paths for every 2x2 luma sum and every chroma byte', () => {
    // Thumbnail pixel i has the 2x2 luma sum (7i + k) mod 1021 (7 is prime to 1021: every sum 0-1020 in each frame,
    // so every threshold of the luma statistics and bins is met from both sides), and U, V bytes running through 0-255.
    const frames = [0, 1, 2].map((k) => {
      const data = new Uint8Array((W * H * 3) / 2);
      for (let ty = 0; ty < H / 2; ty++) {
        for (let tx = 0; tx < W / 2; tx++) {
          const i = ty * (W / 2) + tx;
          const s = (7 * i + k) % 1021;
          // Four bytes summing to s: s >> 2 each, one more in the first s & 3.
          [0, 1, 2, 3].forEach((j) => (data[(2 * ty + (j >> 1)) * W + 2 * tx + (j & 1)] = (s >> 2) + (j < (s & 3) ? 1 : 0)));
          data[W * H + i] = (13 * i + k) & 255;
          data[W * H + (W * H) / 4 + i] = (29 * i + 3 * k) & 255;
        }
      }
      return { index: k, time: k / 25, width: W, height: H, format: 'yuv420p' as const, data, decodedAt: 0 };
    });
    for (const name of [FW_V4, FW_V5]) {
      const { viaWasm, viaJs } = bothPaths(featureSpecNamed(name), frames);
      expect(viaWasm.map(vectorHex), name).toEqual(viaJs.map(vectorHex));
    }
  });

  it('the first frame is its own history, and an exact repeat gives zero differences', () => {
    const fx = new FeatureExtractor();
    for (const v of [fx.extract(stripes()), fx.extract(stripes())]) {
      for (const n of DIFFS) expect(at(v, n), n).toBe(0);
      expect(at(v, 'rep_exact')).toBe(1);
      expect(at(v, 'rep_static_cells')).toBe(1);
      expect(at(v, 'corr_1')).toBeCloseTo(1, 5);
      expect(at(v, 'corr16_1')).toBeCloseTo(1, 5);
    }
  });

  it('tells a frozen frame from a still one with a little noise', () => {
    const rnd = lcg(7);
    const base = yuv(() => 60 + Math.floor(rnd() * 100));
    for (let i = W * H; i < base.data.length; i++) base.data[i] = 100 + Math.floor(rnd() * 50);
    const noisy: Frame = { ...base, data: base.data.slice() };
    // One level of noise on 5% of the bytes, as a static camera leaves after encoding.
    for (let i = 0; i < noisy.data.length; i += 20) noisy.data[i] += 1;
    const fx = new FeatureExtractor();
    fx.extract(base);
    const still = fx.extract(noisy);
    expect(at(still, 'rep_exact')).toBe(0);
    expect(at(still, 'rep_max')).toBeCloseTo(1 / 255, 6);
    expect(at(still, 'rep_changed')).toBeCloseTo(0.05, 3);
    expect(at(still, 'rep_changed2')).toBe(0);
    expect(at(still, 'rep_static_cells')).toBe(0);
    const frozen = fx.extract({ ...noisy, data: noisy.data.slice() });
    expect(at(frozen, 'rep_exact')).toBe(1);
    expect(at(frozen, 'rep_changed')).toBe(0);
  });

  it('a change confined to one place shows only in those grid cells and static cells', () => {
    const fx = new FeatureExtractor();
    fx.extract(stripes());
    // A wipe a quarter of the way in: the left 32 columns are replaced by flat grey.
    const v = fx.extract(yuv((x, y) => (x < 32 ? 128 : ((x + y) >> 3) & 1 ? 200 : 40)));
    for (let r = 0; r < 4; r++) {
      expect(at(v, `grid_mad1_r${r}c0`)).toBeGreaterThan(0.1);
      for (let c = 1; c < 4; c++) expect(at(v, `grid_mad1_r${r}c${c}`)).toBe(0);
    }
    expect(at(v, 'rep_static_cells')).toBeCloseTo(12 / 16, 6);
    expect(at(v, 'mad_1')).toBeCloseTo(at(v, 'grid_mad1_r0c0') / 4, 4);
  });

  it('a shifted picture changes structure: lower correlation, edges leave and enter', () => {
    const fx = new FeatureExtractor();
    fx.extract(stripes());
    const moved = fx.extract(stripes(8));
    expect(at(moved, 'mad_1')).toBeGreaterThan(0.2);
    expect(at(moved, 'corr_1')).toBeLessThan(0);
    expect(at(moved, 'luma_mean')).toBeCloseTo(at(fx.extract(stripes(8)), 'luma_mean'), 6);
    // A cut to another shot: a bright blue box on a dark ground; the stripes' edges all leave.
    const cut = fx.extract(frame((x, y, c) => (c === 2 && x >= 32 && x < 96 && y >= 16 && y < 56 ? 250 : 30)));
    expect(at(cut, 'ecr_1')).toBeGreaterThan(0.5);
    expect(at(cut, 'hist_1')).toBeGreaterThan(0.5);
  });

  it('block motion explains a pan but not a cut', () => {
    // A random 8x8-pixel mosaic (no repeating pattern a wrong shift could match), panned 8 pixels per frame.
    const tile = (x: number, y: number) => (Math.imul((x >> 3) * 73 + (y >> 3), 2654435761) >>> 24) | 0;
    const mosaic = (dx: number) => yuv((x, y) => 16 + (tile(x + dx + 64, y + 16) % 200));
    const fx = new FeatureExtractor();
    fx.extract(mosaic(0));
    const pan1 = fx.extract(mosaic(8));
    const pan2 = fx.extract(mosaic(16));
    expect(at(pan1, 'mad_1')).toBeGreaterThan(0.1);
    // Most of the difference is a shift: only the blocks at the edge the picture enters from stay unexplained.
    expect(at(pan1, 'mc_gain')).toBeLessThan(0.3);
    expect(at(pan1, 'mc_bad')).toBeLessThanOrEqual(3 / 12);
    expect(at(pan1, 'mc_shift')).toBeGreaterThan(0.2);
    // The same motion again: the shifts agree with the frame before.
    expect(at(pan2, 'mc_jitter')).toBeLessThan(0.1);
    const cut = fx.extract(yuv((x, y) => 16 + (tile(x * 3 + 5, y * 5 + 7) % 200)));
    expect(at(cut, 'mc_gain')).toBeGreaterThan(0.6);
    expect(at(cut, 'mc_bad')).toBeGreaterThan(0.9);
    // An exact repeat needs no motion.
    const still = fx.extract(yuv((x, y) => 16 + (tile(x * 3 + 5, y * 5 + 7) % 200)));
    for (const n of ['mc_mad', 'mc_bad', 'mc_shift']) expect(at(still, n), n).toBe(0);
  });

  it('a fade: signed mean changes against t-1, t-2 and t-4, with the first frame padding the history', () => {
    const fx = new FeatureExtractor();
    const vs = [200, 190, 180, 170, 160, 150].map((g) => fx.extract(grey(g)));
    const step = -10 / 219;
    expect(at(vs[1], 'dmean_1')).toBeCloseTo(step, 5);
    expect(at(vs[1], 'dmean_2')).toBeCloseTo(step, 5); // t-2 does not exist yet: frame 0 stands in
    expect(at(vs[1], 'dmean_4')).toBeCloseTo(step, 5);
    expect(at(vs[5], 'dmean_1')).toBeCloseTo(step, 5);
    expect(at(vs[5], 'dmean_2')).toBeCloseTo(2 * step, 5);
    expect(at(vs[5], 'dmean_4')).toBeCloseTo(4 * step, 5);
    expect(at(vs[5], 'mad_4')).toBeCloseTo(-4 * step, 5);
    expect(at(vs[5], 'grid_dmean4_r1c1')).toBeCloseTo(4 * step, 5);
    expect(at(vs[5], 'rep_max')).toBeCloseTo(10 / 255, 6);
    // Every luma byte changed; the grey picture's chroma (a third of the bytes) did not.
    expect(at(vs[5], 'rep_changed2')).toBeCloseTo(2 / 3, 6);
  });

  it('reset() and a change of frame size start the history again', () => {
    const fx = new FeatureExtractor();
    fx.extract(grey(10));
    fx.reset();
    expect(at(fx.extract(grey(200)), 'mad_1')).toBe(0);
    expect(at(fx.extract(grey(200, 64, 36)), 'mad_1')).toBe(0);
    expect(at(fx.extract(grey(100, 64, 36)), 'mad_1')).toBeCloseTo(lumaOf(200) - lumaOf(100), 5);
  });

  it('never produces NaN, on 1x1, tiny and uniform frames', () => {
    const rnd = lcg(3);
    for (const [w, h] of [
      [1, 1],
      [2, 1],
      [3, 5],
      [W, H],
    ]) {
      const fx = new FeatureExtractor();
      for (let i = 0; i < 8; i++) {
        const level = i < 3 ? 0 : Math.floor(rnd() * 256);
        const f = i % 2 ? solid(level, level, level, w, h) : frame(() => Math.floor(rnd() * 256), w, h);
        const v = fx.extract(f);
        expect(v).toHaveLength(DEFAULT_FEATURE_SPEC.dim);
        for (let k = 0; k < v.length; k++) expect(Number.isFinite(v[k]), `${w}x${h} ${NAMES[k]}`).toBe(true);
      }
    }
    expect(at(new FeatureExtractor().extract(solid(0, 0, 0, 1, 1)), 'black_frac')).toBe(1);
  });

  it('rejects a frame whose data does not match its size', () => {
    const f = grey(1);
    expect(() => new FeatureExtractor().extract({ ...f, width: W + 1 })).toThrow(/bytes is not 129x72 yuv420p/);
    expect(() => new FeatureExtractor().extract({ ...f, format: 'rgb24' })).toThrow(/rgb24/);
  });
});

describe('extractFeatures', () => {
  it('carries index, time and decodedAt, with one history per subscription', async () => {
    const frames = [stripes(), stripes(4), grey(30)].map((f, i) => ({ ...f, index: i, time: i / 25, decodedAt: 100 + i }));
    const source = defer(() => from(frames)).pipe(extractFeatures());
    const [a, b] = await Promise.all([lastValueFrom(source.pipe(toArray())), lastValueFrom(source.pipe(toArray()))]);
    expect(a.map((v) => [v.index, v.time, v.decodedAt])).toEqual(frames.map((f) => [f.index, f.time, f.decodedAt]));
    expect(b).toEqual(a);
    expect(at(a[0].values, 'mad_1')).toBe(0);
    expect(at(a[1].values, 'mad_1')).toBeGreaterThan(0);
  });

  it('errors, rather than throwing, on a bad frame', async () => {
    const f = grey(1);
    await expect(lastValueFrom(from([{ ...f, height: 1 }]).pipe(extractFeatures()))).rejects.toThrow(RangeError);
  });
});

describe('features of real H.264 video decoded by ffmpeg', () => {
  const dir = tempDir('features');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('separates a noisy still camera from a frozen picture', async () => {
    // 25 frames of a static scene with fresh sensor-like noise each frame, then one such frame held 25 times.
    const file = path.join(dir, 'still-then-frozen.mp4');
    makeVideo(
      file,
      [
        '-f',
        'lavfi',
        '-i',
        'smptebars=s=640x360:r=25:d=1,noise=alls=6:allf=t+u[a];' +
          'smptebars=s=640x360:r=25:d=0.04,noise=alls=6:allf=t+u,loop=loop=24:size=1:start=0[b];' +
          '[a][b]concat=n=2:v=1,format=yuv420p',
      ],
      ['-c:v', 'libx264', '-crf', '23', '-pix_fmt', 'yuv420p'],
    );
    const vs = await lastValueFrom(decodeFrames(file, { width: W, height: H, pixelFormat: 'yuv420p' }).pipe(extractFeatures(), toArray()));
    expect(vs).toHaveLength(50);
    const still = vs.slice(1, 25).map((v) => v.values);
    const frozen = vs.slice(26).map((v) => v.values);
    // Averaging to 128x72 leaves the noise visible: every still frame differs somewhere...
    for (const v of still) {
      expect(at(v, 'rep_exact')).toBe(0);
      expect(at(v, 'rep_changed')).toBeGreaterThan(0.005);
    }
    // ...while the encoder only touches up a frozen picture now and then, and barely.
    for (const v of frozen) expect(at(v, 'rep_changed')).toBeLessThan(0.003);
    expect(frozen.filter((v) => at(v, 'rep_exact') === 1).length).toBeGreaterThanOrEqual(15);
    // The ordinary difference features cannot tell them apart.
    for (const v of [...still, ...frozen]) expect(at(v, 'mad_1')).toBeLessThan(0.002);
  });
});
