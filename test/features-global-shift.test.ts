/**
 * The global-shift search in WebAssembly (PictureKernel.globalShift) against the JavaScript one (findGlobalShift),
 * bit for bit: on pictures written here into the kernel's memory (a texture shifted every way up to and past the
 * search's reach of ±16 and ±8 pixels, noise, grids of cell means that disagree with the pixels, few-level pictures,
 * a picture against itself as on the first frame, flat pictures, stripes, checkers and repeated tiles whose shifts tie
 * exactly, and luma of every magnitude, whose float64 sums round so that only the JavaScript's order of their terms
 * gives its bits), and through the extractor (fw-v5 on both paths: pans at the reach and past it, random frames,
 * still frames, the first frame and a reset).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import { findGlobalShift, type GlobalShift } from '../src/features/globalShift.js';
import type { Picture } from '../src/features/Picture.js';
import { COARSE_H, COARSE_W } from '../src/features/thumbnail.js';
import { PictureKernel } from '../src/features/wasm/PictureKernel.js';
import type { Frame } from '../src/types.js';
import { blurredTexture, bothPaths, lcg, TexturedScene, vectorHex } from './helpers/featureFrames.js';

const W = COARSE_W;
const H = COARSE_H;

/** A shift found and what it leaves, with mad and bad as their float64 bits: equal strings are equal bits. */
function bits(g: GlobalShift): string {
  const u = new BigUint64Array(new Float64Array([g.mad, g.bad]).buffer);
  return `(${g.x}, ${g.y}) mad ${u[0].toString(16)} bad ${u[1].toString(16)}`;
}

type Luma = (x: number, y: number) => number;

/** A pair of pictures: the one before and the current one; grids of cell means of their own, or those of the pixels. */
interface Case {
  readonly name: string;
  readonly prev: Luma;
  readonly cur: Luma;
  readonly grids?: { readonly prev: Luma; readonly cur: Luma };
}

/** Writes a picture's luma, and its 16x9 grid (the means of its 4x4 cells unless `grid` is given). */
function paint(pic: Picture, luma: Luma, grid?: Luma): void {
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) pic.luma[y * W + x] = luma(x, y);
  for (let cy = 0; cy < 9; cy++) {
    for (let cx = 0; cx < 16; cx++) {
      let s = 0;
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) s += pic.luma[(cy * 4 + y) * W + cx * 4 + x];
      pic.g16[cy * 16 + cx] = grid ? grid(cx, cy) : s / 16;
    }
  }
}

function cases(): Case[] {
  const out: Case[] = [];
  // A texture moved by every shift up to two pixels past the reach: cur(x, y) = prev(x − dx, y − dy).
  const tex = blurredTexture(W, H, 20, 2, 7);
  const noise = lcg(11);
  for (let dy = -10; dy <= 10; dy++) {
    for (let dx = -18; dx <= 18; dx++) {
      out.push({ name: `texture moved (${dx}, ${dy})`, prev: (x, y) => tex(x + dx, y + dy), cur: tex });
      if ((dx + dy) % 3 === 0) {
        const wobble = Float64Array.from({ length: W * H }, () => (noise() - 0.5) * 0.02);
        out.push({ name: `texture moved (${dx}, ${dy}), with noise`, prev: (x, y) => tex(x + dx, y + dy), cur: (x, y) => tex(x, y) + wobble[y * W + x] });
      }
    }
  }
  for (let k = 0; k < 150; k++) {
    const rnd = lcg(100 + k);
    const a = Float64Array.from({ length: W * H }, () => rnd() * 1.2 - 0.07);
    const b = Float64Array.from({ length: W * H }, () => rnd() * 1.2 - 0.07);
    const ga = Float64Array.from({ length: 144 }, rnd);
    const gb = Float64Array.from({ length: 144 }, rnd);
    out.push({ name: `noise ${k}`, prev: (x, y) => a[y * W + x], cur: (x, y) => b[y * W + x] });
    // Grids unrelated to the pixels send the pixel search anywhere, often past the reach (clamped there).
    out.push({
      name: `noise ${k}, grids of their own`,
      prev: (x, y) => a[y * W + x],
      cur: (x, y) => b[y * W + x],
      grids: { prev: (x, y) => ga[y * 16 + x], cur: (x, y) => gb[y * 16 + x] },
    });
    // Few levels: many shifts with exactly the same sums.
    const levels = [0, 0.25, 0.5];
    const qa = Int8Array.from({ length: W * H }, () => Math.floor(rnd() * 3));
    const qb = Int8Array.from({ length: W * H }, () => Math.floor(rnd() * 3));
    out.push({ name: `three levels ${k}`, prev: (x, y) => levels[qa[y * W + x]], cur: (x, y) => levels[qb[y * W + x]] });
    const cells = k % 2 === 0 ? 4 : 8;
    out.push({
      name: `three-level blocks of ${cells} ${k}`,
      prev: (x, y) => levels[qa[Math.floor(y / cells) * W + Math.floor(x / cells)]],
      cur: (x, y) => levels[qb[Math.floor(y / cells) * W + Math.floor(x / cells)]],
    });
    // The first frame: a picture against a copy of itself.
    out.push({ name: `noise ${k} against itself`, prev: (x, y) => a[y * W + x], cur: (x, y) => a[y * W + x] });
  }
  // Luma of every magnitude: the float64 sums of ordinary luma's differences are exact, so any order of their terms
  // gives the same bits; here they round, and only the JavaScript's order gives its bits.
  for (let k = 0; k < 100; k++) {
    const rnd = lcg(500 + k);
    const any = (): number => (rnd() < 0.5 ? -1 : 1) * rnd() * 2 ** -Math.floor(rnd() * 40);
    const a = Float64Array.from({ length: W * H }, any);
    const b = Float64Array.from({ length: W * H }, any);
    out.push({ name: `every magnitude ${k}`, prev: (x, y) => a[y * W + x], cur: (x, y) => b[y * W + x] });
    // Moved, with differences of every magnitude left after the shift.
    const dx = Math.floor(rnd() * 37) - 18;
    const dy = Math.floor(rnd() * 21) - 10;
    const big = Float64Array.from({ length: (W + 40) * (H + 24) }, any);
    const at = (x: number, y: number): number => big[(y + 12) * (W + 40) + x + 20];
    out.push({ name: `every magnitude ${k}, moved (${dx}, ${dy})`, prev: (x, y) => at(x + dx, y + dy), cur: (x, y) => at(x, y) + 0.01 * b[y * W + x] });
  }
  // A random tile repeated: every shift by whole tiles matches exactly, and the rules pick among them.
  for (let k = 0; k < 60; k++) {
    const rnd = lcg(700 + k);
    const [tw, th] = [[4, 4], [8, 4], [4, 8], [8, 9], [16, 4], [2, 2]][k % 6];
    const tile = Float64Array.from({ length: tw * th }, rnd);
    const tiled = (x: number, y: number): number => tile[(((y % th) + th) % th) * tw + (((x % tw) + tw) % tw)];
    const dx = Math.floor(rnd() * 37) - 18;
    const dy = Math.floor(rnd() * 21) - 10;
    out.push({ name: `tiles ${tw}x${th} moved (${dx}, ${dy})`, prev: (x, y) => tiled(x + dx, y + dy), cur: tiled });
  }
  out.push({ name: 'flat', prev: () => 0.4, cur: () => 0.4 });
  out.push({ name: 'flat, brighter', prev: () => 0.3, cur: () => 0.5 });
  out.push({ name: 'black', prev: () => -16 / 219, cur: () => -16 / 219 });
  for (const period of [2, 4, 8, 16, 32]) {
    const half = period / 2;
    const across = (x: number): number => (((x % period) + period) % period < half ? 0.2 : 0.8);
    out.push({ name: `stripes across, period ${period}, half moved`, prev: (x) => across(x), cur: (x) => across(x + half) });
    out.push({ name: `stripes down, period ${period}, half moved`, prev: (_x, y) => across(y), cur: (_x, y) => across(y + half) });
    out.push({ name: `stripes across, period ${period}, still`, prev: (x) => across(x), cur: (x) => across(x) });
  }
  const checker = (x: number, y: number): number => ((x >> 2) + (y >> 2)) % 2 ? 0.2 : 0.8;
  out.push({ name: 'checker moved a cell', prev: checker, cur: (x, y) => checker(x + 4, y) });
  out.push({ name: 'checker moved a cell down', prev: checker, cur: (x, y) => checker(x, y + 4) });
  return out;
}

interface Result {
  readonly name: string;
  readonly wasm: GlobalShift;
  readonly js: GlobalShift;
  /** Copies of the pictures' luma (the kernel's two pictures are painted over by the next case). */
  readonly cur: Float32Array;
  readonly prev: Float32Array;
}

/** Both searches on every case; the pictures lie in the kernel's memory. */
function run(): Result[] {
  const kernel = PictureKernel.create(2);
  if (kernel === null) throw new Error('WebAssembly SIMD is missing: the kernel cannot be checked');
  const [prev, cur] = kernel.pictures;
  return cases().map((c) => {
    paint(prev, c.prev, c.grids?.prev);
    paint(cur, c.cur, c.grids?.cur);
    const wasm = { x: NaN, y: NaN, mad: NaN, bad: NaN };
    const js = { x: NaN, y: NaN, mad: NaN, bad: NaN };
    kernel.globalShift(cur, prev, wasm);
    findGlobalShift(cur, prev, js);
    return { name: c.name, wasm, js, cur: cur.luma.slice(), prev: prev.luma.slice() };
  });
}

/** Mean |cur(x, y) − prev(x − dx, y − dy)| over the overlap, its terms added in row-major order or in reverse. */
function meanAbs(cur: Float32Array, prev: Float32Array, dx: number, dy: number, reverse = false): number {
  const terms: number[] = [];
  for (let y = Math.max(0, dy); y < Math.min(H, H + dy); y++) {
    for (let x = Math.max(0, dx); x < Math.min(W, W + dx); x++) terms.push(Math.abs(cur[y * W + x] - prev[(y - dy) * W + x - dx]));
  }
  if (reverse) terms.reverse();
  return terms.reduce((s, t) => s + t, 0) / terms.length;
}

describe('global shift: WebAssembly against JavaScript', () => {
  afterEach(() => vi.restoreAllMocks());
  let ran: Result[] | undefined;
  const results = (): Result[] => (ran ??= run());

  it('finds the same shift, mad and bad, to the bit, on every pair of pictures', () => {
    const all = results();
    expect(all.length).toBeGreaterThan(2000);
    const differing = all.filter((r) => bits(r.wasm) !== bits(r.js)).map((r) => `${r.name}: wasm ${bits(r.wasm)}, js ${bits(r.js)}`);
    expect(differing).toEqual([]);
  });

  it('covers shifts at the reach, clamped pixel searches and exact ties, and sums whose bits depend on their order', () => {
    const all = results();
    const found = (name: string): GlobalShift => {
      const r = all.find((x) => x.name === name);
      if (!r) throw new Error(name);
      return r.js;
    };
    // The texture moved up to the reach is found where it is, at the reach too; past it, at the reach.
    for (const [dx, dy] of [[16, 0], [-16, 0], [0, 8], [0, -8], [16, 8], [-16, -8], [16, -8], [3, -5]] as const) {
      expect(found(`texture moved (${dx}, ${dy})`)).toMatchObject({ x: dx, y: dy, mad: 0 });
    }
    expect(found('texture moved (18, -10)')).toMatchObject({ x: 16, y: -8 });
    expect(all.filter((r) => Math.abs(r.js.x) === 16 || Math.abs(r.js.y) === 8).length).toBeGreaterThan(300);
    // Exact ties: only the rules settle them (the smaller |y|, then the earlier in the scan, −x before +x).
    expect(found('checker moved a cell')).toMatchObject({ x: -4, y: 0, mad: 0 });
    expect(found('checker moved a cell down')).toMatchObject({ x: -4, y: 0, mad: 0 });
    expect(found('stripes across, period 8, half moved')).toMatchObject({ x: -4, y: 0, mad: 0 });
    expect(found('flat')).toMatchObject({ x: 0, y: 0, mad: 0 });
    const others = (x: number, y: number): [number, number][] => [[x - 4, y], [x + 4, y], [x, y - 4], [x, y + 4]];
    const ties = all.filter(({ js, cur, prev }) =>
      others(js.x, js.y).some(([x, y]) => Math.abs(x) <= 16 && Math.abs(y) <= 8 && meanAbs(cur, prev, x, y) === js.mad),
    );
    expect(ties.length).toBeGreaterThan(40);
    // The same terms in another order give other bits on most pictures of every magnitude: the comparison above
    // would see a kernel adding them in another order.
    const wide = all.filter((r) => r.name.startsWith('every magnitude'));
    expect(wide.length).toBe(200);
    expect(wide.every(({ js, cur, prev }) => meanAbs(cur, prev, js.x, js.y) === js.mad)).toBe(true);
    expect(wide.filter(({ js, cur, prev }) => meanAbs(cur, prev, js.x, js.y, true) !== js.mad).length).toBeGreaterThan(150);
  });

  it('gives the extractor the same fw-v5 vectors on both paths: pans at the reach and past it, noise, stills, a reset', () => {
    // 128x72 frames (two frame pixels per thumbnail pixel) of a textured scene.
    const scene = new TexturedScene(700, 400, lcg(5));
    const frames: (Frame | 'reset')[] = [];
    let ox = 300;
    let oy = 160;
    // Frame pixels per frame: 32 across and 16 down are the reach (16 and 8 thumbnail pixels); 34 and 20 are past it.
    for (const [dx, dy] of [[0, 0], [32, 0], [32, 0], [-32, 0], [0, 16], [0, -16], [32, 16], [-32, -16], [34, 0], [0, 20], [-36, 18], [6, -4], [0, 0]]) {
      ox += dx;
      oy += dy;
      frames.push(scene.at(ox, oy, frames.length));
    }
    frames.push(scene.noise(frames.length), scene.noise(frames.length + 1), scene.noise(frames.length + 2));
    frames.push('reset', scene.at(ox, oy, frames.length + 1), scene.at(ox + 32, oy + 16, frames.length + 2), 'reset', scene.noise(frames.length + 4), scene.noise(frames.length + 5));

    const spec = featureSpecNamed('fw-v5');
    const search = vi.spyOn(PictureKernel.prototype, 'globalShift');
    const extracted = frames.filter((f) => f !== 'reset').length;
    const { viaWasm, viaJs } = bothPaths(spec, frames);
    // Called on the WebAssembly path only.
    expect(search).toHaveBeenCalledTimes(extracted);
    expect(viaWasm.map(vectorHex)).toEqual(viaJs.map(vectorHex));
    // The pans were found at the reach: a shift of 16 of 64 across, 8 of 36 down.
    const shift = featureNames(spec).indexOf('gm_shift');
    expect(viaWasm[1][shift]).toBe(Math.fround(16 / 64));
    expect(viaWasm[4][shift]).toBe(Math.fround(8 / 36));
    expect(viaWasm[6][shift]).toBe(Math.fround(Math.hypot(16 / 64, 8 / 36)));
  });
});
