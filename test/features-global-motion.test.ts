/**
 * fw-v5's global motion (src/features/stages/globalMotion.ts) on frames made here: a textured picture panned at
 * steady speeds, a whip pan far beyond block motion's reach, a tilt, and a dissolve to another picture. A pan of any
 * speed is one shift that explains the whole change; a dissolve is not.
 */
import { describe, expect, it } from 'vitest';
import { FeatureExtractor } from '../src/features/FeatureExtractor.js';
import { featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import type { Frame } from '../src/types.js';

const W = 128;
const H = 72;
const TW = 700;
const TH = 320;

/** A smooth random texture, like a photograph's detail: random values box-blurred over 9x9, stretched to 0..255. */
function texture(): Uint8Array {
  let s = 1;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const raw = Float64Array.from({ length: TW * TH }, rnd);
  const across = new Float64Array(TW * TH);
  for (let y = 0; y < TH; y++) for (let x = 4; x < TW - 4; x++) for (let i = -4; i <= 4; i++) across[y * TW + x] += raw[y * TW + x + i] / 9;
  const t = new Uint8Array(TW * TH);
  for (let y = 4; y < TH - 4; y++) {
    for (let x = 0; x < TW; x++) {
      let a = 0;
      for (let j = -4; j <= 4; j++) a += across[(y + j) * TW + x] / 9;
      t[y * TW + x] = Math.max(0, Math.min(255, Math.round(128 + (a - 0.5) * 900)));
    }
  }
  return t;
}

describe('global motion (fw-v5)', () => {
  const tex = texture();
  const spec = featureSpecNamed('fw-v5');
  const names = featureNames(spec);
  const at = (name: string): number => names.indexOf(name);

  /** The 128x72 yuv420p frame at (ox, oy) of the texture, mixed with `other` by t. */
  function frame(ox: number, oy: number, other?: Uint8Array, t = 0): Uint8Array {
    const f = new Uint8Array((W * H * 3) / 2).fill(128);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) f[y * W + x] = tex[(y + oy) * TW + x + ox];
    if (other) for (let i = 0; i < W * H; i++) f[i] = Math.round(f[i] * (1 - t) + other[i] * t);
    return f;
  }

  const yuv = (data: Uint8Array, index: number): Frame => ({ data, width: W, height: H, format: 'yuv420p', index, time: index / 25, decodedAt: 0 });

  function run(moves: ReadonlyArray<readonly [number, number]>): Float32Array[] {
    const ex = new FeatureExtractor(spec);
    let ox = 200;
    let oy = 100;
    return moves.map(([dx, dy], i) => {
      ox += dx;
      oy += dy;
      return Float32Array.from(ex.extract(yuv(frame(ox, oy), i)));
    });
  }

  it('names five values after fw-v4', () => {
    expect(names.slice(-5)).toEqual(['gm_shift', 'gm_mad', 'gm_gain', 'gm_bad', 'gm_turn']);
    expect(names.slice(0, -5)).toEqual(featureNames(featureSpecNamed('fw-v4')));
  });

  it('finds a pan of any speed as one shift that explains the change, where block motion cannot follow a whip pan', () => {
    // Frame pixels per frame: 6 and 24 across (3 and 12 thumbnail pixels of 64), 8 down (4 of 36), then still.
    const v = run([[0, 0], [6, 0], [6, 0], [24, 0], [24, 0], [0, 8], [0, 0]]);
    const shift = v.map((f) => f[at('gm_shift')]);
    expect(shift[1]).toBeCloseTo(3 / 64, 6);
    expect(shift[3]).toBeCloseTo(12 / 64, 6);
    expect(shift[5]).toBeCloseTo(4 / 36, 6);
    expect(shift[6]).toBe(0);
    for (const i of [1, 2, 3, 4, 5]) {
      expect(v[i][at('gm_gain')]).toBeLessThan(0.05);
      expect(v[i][at('gm_bad')]).toBe(0);
    }
    // Block motion (±3 of 32) explains most of the slow pan and little of the whip pan.
    expect(v[3][at('mc_gain')]).toBeGreaterThan(v[1][at('mc_gain')]);
    expect(v[3][at('mc_gain')]).toBeGreaterThan(0.3);
    // Steady speed: the shift turns only where the speed changes.
    expect(v[2][at('gm_turn')]).toBe(0);
    expect(v[3][at('gm_turn')]).toBeCloseTo(9 / 64, 6);
  });

  it('settles exact ties for the smallest shift', () => {
    // Vertical stripes 16 frame pixels wide (8 thumbnail pixels, two cells): every shift by a whole period matches
    // exactly, yet a still picture gets the zero shift; moved by half a period, a 4-pixel shift matches exactly.
    const stripes = (phase: number): Uint8Array => {
      const f = new Uint8Array((W * H * 3) / 2).fill(128);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) f[y * W + x] = (x + phase) % 16 < 8 ? 40 : 200;
      return f;
    };
    const ex = new FeatureExtractor(spec);
    ex.extract(yuv(stripes(0), 0));
    const still = ex.extract(yuv(stripes(0), 1));
    expect(still[at('gm_shift')]).toBe(0);
    const half = ex.extract(yuv(stripes(8), 2));
    expect(half[at('gm_shift')]).toBeCloseTo(4 / 64, 6);
    expect(half[at('gm_mad')]).toBe(0);
    expect(half[at('gm_turn')]).toBeCloseTo(4 / 64, 6);
  });

  it('leaves a dissolve unexplained', () => {
    const ex = new FeatureExtractor(spec);
    const other = frame(480, 200).subarray(0, W * H);
    ex.extract(yuv(frame(200, 100), 0));
    for (let k = 1; k <= 4; k++) {
      const v = ex.extract(yuv(frame(200, 100, other, k / 5), k));
      expect(v[at('gm_gain')]).toBeGreaterThan(0.8);
    }
  });
});
