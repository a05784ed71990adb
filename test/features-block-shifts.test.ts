/**
 * The block-motion search in WebAssembly (PictureKernel.blockShifts) against the JavaScript one (findBlockShifts),
 * bit for bit: each block's shift recorded in the picture, the SAD of that shift and the SAD of none, on motion
 * thumbnails written here into the kernel's memory (a texture moved every way up to and past the search's reach of
 * ±3 pixels, noise, few-level pictures, a picture against itself as on the first frame, flat pictures, stripes,
 * checkers and repeated tiles whose shifts tie exactly, and values of every magnitude, whose float64 sums round so that
 * only the JavaScript's order of their terms gives its bits), and through the extractor (fw-v2 and fw-v5 on both
 * paths: pans within the reach and past it, random frames, still frames, the first frame and a reset, where the
 * shifts of the frame before are those its ring slot last held).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findBlockShifts, type BlockShifts } from '../src/features/blockShifts.js';
import { featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import type { Picture } from '../src/features/Picture.js';
import { BLOCKS, BLOCKS_X, BLOCK_H, BLOCK_W, MOTION_PH, MOTION_PW, MOTION_R } from '../src/features/thumbnail.js';
import { PictureKernel } from '../src/features/wasm/PictureKernel.js';
import type { Frame } from '../src/types.js';
import { blurredTexture, bothPaths, lcg, TexturedScene, vectorHex } from './helpers/featureFrames.js';

const PW = MOTION_PW;
const PH = MOTION_PH;
const R = MOTION_R;

/** Values of a padded motion thumbnail, by column and row of the padded picture. */
type Small = (x: number, y: number) => number;

/** A pair of motion thumbnails: the one before and the current one. */
interface Case {
  readonly name: string;
  readonly prev: Small;
  readonly cur: Small;
}

/** One search's results: per block, its shift and its two SADs (their float64 bits, in hex). */
interface Found {
  readonly x: number[];
  readonly y: number[];
  readonly sad: string[];
  readonly unshifted: string[];
}

const bitsOf = (v: number): string => new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16);

function paint(pic: Picture, v: Small): void {
  for (let y = 0; y < PH; y++) for (let x = 0; x < PW; x++) pic.small[y * PW + x] = v(x, y);
}

function cases(): Case[] {
  const out: Case[] = [];
  // A texture moved by every shift up to two pixels past the reach: cur(x, y) = prev(x + dx, y + dy).
  const tex = blurredTexture(PW, PH, 8, 1, 7);
  const noise = lcg(11);
  for (let dy = -5; dy <= 5; dy++) {
    for (let dx = -5; dx <= 5; dx++) {
      out.push({ name: `texture moved (${dx}, ${dy})`, prev: (x, y) => tex(x - dx, y - dy), cur: tex });
      const wobble = Float64Array.from({ length: PW * PH }, () => (noise() - 0.5) * 0.05);
      out.push({ name: `texture moved (${dx}, ${dy}), with noise`, prev: (x, y) => tex(x - dx, y - dy), cur: (x, y) => tex(x, y) + wobble[y * PW + x] });
    }
  }
  // Faint: every SAD far below ordinary luma's, and still searched.
  for (const [dx, dy] of [[1, 0], [-2, 3], [3, -3]]) {
    out.push({ name: `faint texture moved (${dx}, ${dy})`, prev: (x, y) => 2 ** -30 * tex(x - dx, y - dy), cur: (x, y) => 2 ** -30 * tex(x, y) });
  }
  for (let k = 0; k < 200; k++) {
    const rnd = lcg(100 + k);
    const a = Float64Array.from({ length: PW * PH }, () => rnd() * 1.2 - 0.07);
    const b = Float64Array.from({ length: PW * PH }, () => rnd() * 1.2 - 0.07);
    out.push({ name: `noise ${k}`, prev: (x, y) => a[y * PW + x], cur: (x, y) => b[y * PW + x] });
    // Close pictures: many shifts stay below the unshifted SAD for a row or more, and then lose or win.
    out.push({ name: `noise ${k}, nearly the same`, prev: (x, y) => a[y * PW + x], cur: (x, y) => a[y * PW + x] + (b[y * PW + x] - 0.5) * 0.3 });
    // Few levels: many shifts with exactly the same sums.
    const levels = [0, 0.25, 0.5];
    const qa = Int8Array.from({ length: PW * PH }, () => Math.floor(rnd() * 3));
    const qb = Int8Array.from({ length: PW * PH }, () => Math.floor(rnd() * 3));
    out.push({ name: `three levels ${k}`, prev: (x, y) => levels[qa[y * PW + x]], cur: (x, y) => levels[qb[y * PW + x]] });
    const cells = 2 + (k % 3);
    out.push({
      name: `three-level blocks of ${cells} ${k}`,
      prev: (x, y) => levels[qa[Math.floor(y / cells) * PW + Math.floor(x / cells)]],
      cur: (x, y) => levels[qb[Math.floor(y / cells) * PW + Math.floor(x / cells)]],
    });
    // The first frame: a picture against a copy of itself (every unshifted SAD 0).
    out.push({ name: `noise ${k} against itself`, prev: (x, y) => a[y * PW + x], cur: (x, y) => a[y * PW + x] });
  }
  // Values of every magnitude: the float64 sums of ordinary luma's differences are often exact, so any order of their
  // terms gives the same bits; here they round, and only the JavaScript's order gives its bits.
  for (let k = 0; k < 150; k++) {
    const rnd = lcg(500 + k);
    const any = (): number => (rnd() < 0.5 ? -1 : 1) * rnd() * 2 ** -Math.floor(rnd() * 40);
    const a = Float64Array.from({ length: PW * PH }, any);
    const b = Float64Array.from({ length: PW * PH }, any);
    out.push({ name: `every magnitude ${k}`, prev: (x, y) => a[y * PW + x], cur: (x, y) => b[y * PW + x] });
    // Moved, with differences of every magnitude left after the shift.
    const dx = Math.floor(rnd() * 9) - 4;
    const dy = Math.floor(rnd() * 9) - 4;
    const big = Float64Array.from({ length: (PW + 8) * (PH + 8) }, any);
    const at = (x: number, y: number): number => big[(y + 4) * (PW + 8) + x + 4];
    out.push({ name: `every magnitude ${k}, moved (${dx}, ${dy})`, prev: (x, y) => at(x - dx, y - dy), cur: (x, y) => at(x, y) + 2 ** -(k % 30) * b[y * PW + x] });
  }
  // A random tile repeated: every shift by whole tiles matches exactly, and the rules pick among them.
  for (let k = 0; k < 60; k++) {
    const rnd = lcg(700 + k);
    const [tw, th] = [[2, 2], [3, 2], [2, 3], [3, 3], [1, 2], [2, 1]][k % 6];
    const tile = Float64Array.from({ length: tw * th }, rnd);
    const tiled = (x: number, y: number): number => tile[(((y % th) + th) % th) * tw + (((x % tw) + tw) % tw)];
    const dx = Math.floor(rnd() * 9) - 4;
    const dy = Math.floor(rnd() * 9) - 4;
    out.push({ name: `tiles ${tw}x${th} moved (${dx}, ${dy})`, prev: (x, y) => tiled(x - dx, y - dy), cur: tiled });
  }
  out.push({ name: 'flat', prev: () => 0.4, cur: () => 0.4 });
  out.push({ name: 'flat, brighter', prev: () => 0.3, cur: () => 0.5 });
  out.push({ name: 'black', prev: () => -16 / 219, cur: () => -16 / 219 });
  for (const period of [2, 4, 6]) {
    const half = period / 2;
    const across = (x: number): number => (((x % period) + period) % period < half ? 0.2 : 0.8);
    out.push({ name: `stripes across, period ${period}, moved 1`, prev: (x) => across(x - 1), cur: (x) => across(x) });
    out.push({ name: `stripes down, period ${period}, moved 1`, prev: (_x, y) => across(y - 1), cur: (_x, y) => across(y) });
    out.push({ name: `stripes across, period ${period}, still`, prev: (x) => across(x), cur: (x) => across(x) });
  }
  const checker = (x: number, y: number): number => ((x >> 1) + (y >> 1)) % 2 ? 0.2 : 0.8;
  out.push({ name: 'checker moved a cell', prev: (x, y) => checker(x - 2, y), cur: checker });
  out.push({ name: 'checker moved a cell down', prev: (x, y) => checker(x, y - 2), cur: checker });
  return out;
}

interface Result {
  readonly name: string;
  readonly wasm: Found;
  readonly js: Found;
  /** Copies of the thumbnails (the kernel's two pictures are painted over by the next case). */
  readonly cur: Float32Array;
  readonly prev: Float32Array;
}

/** The shifts recorded in `pic` and the SADs in `r`; then marks them all unwritten. */
function taken(pic: Picture, r: BlockShifts): Found {
  const found = { x: Array.from(pic.shiftX), y: Array.from(pic.shiftY), sad: Array.from(r.sad, bitsOf), unshifted: Array.from(r.unshifted, bitsOf) };
  pic.shiftX.fill(99);
  pic.shiftY.fill(99);
  r.sad.fill(NaN);
  r.unshifted.fill(NaN);
  return found;
}

/** Both searches on every case; the pictures lie in the kernel's memory. */
function run(): Result[] {
  const kernel = PictureKernel.create(2);
  if (kernel === null) throw new Error('WebAssembly SIMD is missing: the kernel cannot be checked');
  const [prev, cur] = kernel.pictures;
  const r: BlockShifts = { sad: new Float64Array(BLOCKS), unshifted: new Float64Array(BLOCKS) };
  // The search records shifts in the current picture only.
  prev.shiftX.fill(77);
  prev.shiftY.fill(77);
  taken(cur, r);
  return cases().map((c) => {
    paint(prev, c.prev);
    paint(cur, c.cur);
    kernel.blockShifts(cur, prev, r);
    const wasm = taken(cur, r);
    findBlockShifts(cur, prev, r);
    const js = taken(cur, r);
    expect([...prev.shiftX, ...prev.shiftY].every((v) => v === 77)).toBe(true);
    return { name: c.name, wasm, js, cur: cur.small.slice(), prev: prev.small.slice() };
  });
}

/**
 * Sum of |cur(x, y) − prev(x + dx, y + dy)| over block b (its first `rows` rows), the terms added in row-major order
 * or in reverse.
 */
function sad(cur: Float32Array, prev: Float32Array, b: number, dx: number, dy: number, { reverse = false, rows = BLOCK_H } = {}): number {
  const terms: number[] = [];
  const bx = b % BLOCKS_X;
  const by = (b - bx) / BLOCKS_X;
  for (let y = by * BLOCK_H + R; y < by * BLOCK_H + R + rows; y++) {
    for (let x = bx * BLOCK_W + R; x < (bx + 1) * BLOCK_W + R; x++) terms.push(Math.abs(cur[y * PW + x] - prev[(y + dy) * PW + x + dx]));
  }
  if (reverse) terms.reverse();
  return terms.reduce((s, t) => s + t, 0);
}

describe('block shifts: WebAssembly against JavaScript', () => {
  afterEach(() => vi.restoreAllMocks());
  let ran: Result[] | undefined;
  const results = (): Result[] => (ran ??= run());

  it('records the same shift of every block, with the same SADs to the bit, on every pair of pictures', () => {
    const all = results();
    expect(all.length).toBeGreaterThan(1500);
    const differing = all.filter((r) => JSON.stringify(r.wasm) !== JSON.stringify(r.js)).map((r) => `${r.name}: wasm ${JSON.stringify(r.wasm)}, js ${JSON.stringify(r.js)}`);
    expect(differing).toEqual([]);
  });

  it('covers shifts at the reach, exact ties, sums that stop and that go on, and sums whose bits depend on their order', () => {
    const all = results();
    const found = (name: string): Found => {
      const r = all.find((x) => x.name === name);
      if (!r) throw new Error(name);
      return r.js;
    };
    const every = <T>(v: T): T[] => Array<T>(BLOCKS).fill(v);
    const zero = bitsOf(0);
    // The texture moved within the reach is found where it is, at the reach too, every block with a SAD of 0.
    for (const [dx, dy] of [[3, 0], [-3, 0], [0, 3], [0, -3], [3, 3], [-3, -3], [3, -3], [2, -1], [0, 0]] as const) {
      expect(found(`texture moved (${dx}, ${dy})`)).toMatchObject({ x: every(dx), y: every(dy), sad: every(zero) });
    }
    expect(found('texture moved (5, -5)').sad.includes(zero)).toBe(false);
    expect(found('faint texture moved (-2, 3)')).toMatchObject({ x: every(-2), y: every(3), sad: every(zero) });
    expect(all.filter((r) => r.js.x.some((x) => Math.abs(x) === R) && r.js.y.some((y) => Math.abs(y) === R)).length).toBeGreaterThan(500);
    // A picture against itself: nothing is below an unshifted SAD of 0.
    expect(found('noise 3 against itself')).toMatchObject({ x: every(0), y: every(0), unshifted: every(zero) });
    // Exact ties: only the rules settle them (no shift first, then the earliest in the scan: dy, then dx).
    expect(found('flat, brighter')).toMatchObject({ x: every(0), y: every(0) });
    expect(found('stripes across, period 2, moved 1')).toMatchObject({ x: every(-3), y: every(-3), sad: every(zero) });
    expect(found('stripes down, period 2, moved 1')).toMatchObject({ x: every(-3), y: every(-3), sad: every(zero) });
    // A checker of 2x2 cells moved a cell across matches at (2, 0), and first in the scan at (0, −2).
    expect(found('checker moved a cell')).toMatchObject({ x: every(0), y: every(-2), sad: every(zero) });
    expect(found('checker moved a cell down')).toMatchObject({ x: every(0), y: every(-2), sad: every(zero) });
    // Per block: another shift with the best SAD exactly; shifts below the unshifted SAD on their first row that go on
    // (at least two: the kernel's pairs) and lose.
    let ties = 0;
    let goOn = 0;
    let goOnAndLose = 0;
    for (const { js, cur, prev } of all) {
      for (let b = 0; b < BLOCKS; b++) {
        const still = sad(cur, prev, b, 0, 0);
        let equal = 0;
        let below = 0;
        let lose = 0;
        for (let dy = -R; dy <= R; dy++) {
          for (let dx = -R; dx <= R; dx++) {
            if (dx === 0 && dy === 0) continue;
            const s = sad(cur, prev, b, dx, dy);
            if (bitsOf(s) === js.sad[b] && (dx !== js.x[b] || dy !== js.y[b])) equal++;
            if (sad(cur, prev, b, dx, dy, { rows: 1 }) < still) {
              below++;
              if (s > still) lose++;
            }
          }
        }
        if (equal > 0) ties++;
        if (below >= 2) goOn++;
        if (lose > 0) goOnAndLose++;
      }
    }
    expect(ties).toBeGreaterThan(1000);
    expect(goOn).toBeGreaterThan(10000);
    expect(goOnAndLose).toBeGreaterThan(10000);
    // The same terms in another order give other bits on most pictures of every magnitude: the comparison above
    // would see a kernel adding them in another order.
    const wide = all.filter((r) => r.name.startsWith('every magnitude'));
    expect(wide.length).toBe(300);
    let blocks = 0;
    let orderDependent = 0;
    for (const { js, cur, prev } of wide) {
      for (let b = 0; b < BLOCKS; b++) {
        expect(bitsOf(sad(cur, prev, b, js.x[b], js.y[b]))).toBe(js.sad[b]);
        blocks++;
        if (bitsOf(sad(cur, prev, b, js.x[b], js.y[b], { reverse: true })) !== js.sad[b]) orderDependent++;
      }
    }
    expect(orderDependent).toBeGreaterThan(0.4 * blocks);
  });

  it('gives the extractor the same fw-v2 and fw-v5 vectors on both paths: pans within the reach and past it, noise, stills, resets', () => {
    // 128x72 frames (four frame pixels per motion-thumbnail pixel) of a textured scene.
    const scene = new TexturedScene(400, 300, lcg(5));
    const frames: (Frame | 'reset')[] = [];
    const index = (): number => frames.filter((f) => f !== 'reset').length;
    const at = (ox: number, oy: number): Frame => scene.at(ox, oy, index());
    const noise = (): Frame => scene.noise(index());
    let ox = 150;
    let oy = 110;
    // Frame pixels per frame: 12 is the reach (3 thumbnail pixels); 16 and 20 are past it.
    for (const [dx, dy] of [[0, 0], [12, 0], [12, 0], [0, 12], [-12, -12], [4, 8], [16, 0], [0, -20], [-8, 4], [0, 0]]) {
      ox += dx;
      oy += dy;
      frames.push(at(ox, oy));
    }
    frames.push(noise(), noise(), at(ox, oy), at(ox, oy));
    // After a reset the first frame's "shifts of t-1" are those its ring slot last held.
    frames.push('reset', at(ox, oy), at(ox + 12, oy - 12), 'reset', noise(), noise(), 'reset', at(ox, oy));
    const extracted = frames.filter((f) => f !== 'reset').length;

    const search = vi.spyOn(PictureKernel.prototype, 'blockShifts');
    for (const version of ['fw-v2', 'fw-v5']) {
      search.mockClear();
      const spec = featureSpecNamed(version);
      const { viaWasm, viaJs } = bothPaths(spec, frames);
      // Called on the WebAssembly path only.
      expect(search).toHaveBeenCalledTimes(extracted);
      expect(viaWasm.map(vectorHex)).toEqual(viaJs.map(vectorHex));
      // The pans at the reach were followed: every block moved 3 thumbnail pixels, as in the frame before.
      const names = featureNames(spec);
      const value = (i: number, name: string): number => viaWasm[i][names.indexOf(name)];
      expect(value(2, 'mc_shift')).toBe(0.5);
      expect(value(2, 'mc_jitter')).toBe(0);
      expect(value(4, 'mc_shift')).toBeGreaterThan(0.9);
      // The first frame after the first reset finds no motion, against shifts its ring slot held from before.
      expect(value(14, 'mc_shift')).toBe(0);
      expect(value(14, 'mc_jitter')).toBeGreaterThan(0.2);
    }
  });
});
