import type { Picture } from './Picture.js';
import { COARSE_H, COARSE_W } from './thumbnail.js';

/** Widest global shift searched, in thumbnail pixels: a quarter of the picture each way per frame (a whip pan). */
export const RX = 16;
export const RY = 8;
/** Absolute luma difference (0-1) above which a compensated pixel is left unexplained. */
const BAD_T = 0.1;

/** Grid of cell means the first search runs on (Picture.g16): 16x9 cells of 4x4 thumbnail pixels. */
const GW = 16;
const GH = 9;
const CELL = COARSE_W / GW;
/** The cell search's reach, in cells. */
const RCX = Math.floor(RX / CELL);
const RCY = Math.floor(RY / CELL);

/** A shift searched, and its place in the order the search's ties are settled by. */
export interface Shift {
  readonly x: number;
  readonly y: number;
  readonly rank: number;
}

/** The shift found between two pictures, and what it leaves: the mean |difference| and the share above BAD_T. */
export interface GlobalShift {
  x: number;
  y: number;
  mad: number;
  bad: number;
}

/**
 * The cell shifts, nearest first: the best is usually near (0, 0), and once it is known most others stop early. Ties
 * go as they would scanning by |sx| (then sy, then −sx before +sx) and keeping a later shift only when strictly
 * better or, as good, strictly smaller in |sy|: `rank` is that scan's order.
 */
export const CELL_SHIFTS: readonly Shift[] = (() => {
  const scan: Shift[] = [];
  for (let m = 0; m <= RCX; m++) {
    for (let sy = -RCY; sy <= RCY; sy++) {
      for (let sx = -m; sx <= m; sx += m === 0 ? 1 : 2 * m) scan.push({ x: sx, y: sy, rank: scan.length });
    }
  }
  return scan.sort((a, b) => Math.abs(a.x) + Math.abs(a.y) - (Math.abs(b.x) + Math.abs(b.y)) || a.rank - b.rank);
})();

/**
 * The cell shift (|sx| ≤ RCX, |sy| ≤ RCY) that best aligns the grids of cell means, cur(x, y) ≈ prev(x − sx,
 * y − sy), by the mean absolute difference over their overlap; the smaller |sy| wins a tie, then the earlier in the
 * scan. A shift whose sum has already gone past the best mean (with room to spare for rounding) has lost and stops.
 */
function bestCellShift(cur: Float32Array, prev: Float32Array, out: { x: number; y: number }): void {
  let bestCost = Infinity;
  let bestRank = 0;
  out.x = 0;
  out.y = 0;
  for (const { x: sx, y: sy, rank } of CELL_SHIFTS) {
    const x0 = Math.max(0, sx);
    const x1 = Math.min(GW, GW + sx);
    const y0 = Math.max(0, sy);
    const y1 = Math.min(GH, GH + sy);
    const area = (x1 - x0) * (y1 - y0);
    const stop = bestCost * area * (1 + 1e-9);
    let c = 0;
    for (let y = y0; y < y1 && c <= stop; y++) {
      const o = y * GW;
      const p = (y - sy) * GW - sx;
      for (let x = x0; x < x1; x++) c += Math.abs(cur[o + x] - prev[p + x]);
    }
    if (c > stop) continue;
    c /= area;
    if (c < bestCost || (c === bestCost && (Math.abs(sy) < Math.abs(out.y) || (Math.abs(sy) === Math.abs(out.y) && rank < bestRank)))) {
      bestCost = c;
      bestRank = rank;
      out.x = sx;
      out.y = sy;
    }
  }
}

/**
 * The pixel offsets around the cell shift, nearest first; `rank` is their scan order (ey, then ex), which settles
 * ties of the same mean and the same |dx| + |dy|.
 */
export const FINE_SHIFTS: readonly Shift[] = (() => {
  const scan: Shift[] = [];
  for (let ey = -2; ey <= 2; ey++) for (let ex = -2; ex <= 2; ex++) scan.push({ x: ex, y: ey, rank: scan.length });
  return scan.sort((a, b) => Math.abs(a.x) + Math.abs(a.y) - (Math.abs(b.x) + Math.abs(b.y)) || a.rank - b.rank);
})();

/**
 * Mean |cur(x, y) − prev(x − dx, y − dy)| over the overlap, and the share of it above BAD_T; every `step`-th pixel of
 * every `step`-th row (2 for the search, 1 for the values written). A search passes the best mean so far as `limit`:
 * a shift whose sum has already gone past it (with room to spare for rounding) has lost, and gets mad = Infinity
 * without reading the rest — the search picks the same shift as without the limit.
 */
function residual(cur: Float32Array, prev: Float32Array, dx: number, dy: number, step: number, out: { mad: number; bad: number }, limit = Infinity): void {
  const x0 = Math.max(0, dx);
  const x1 = Math.min(COARSE_W, COARSE_W + dx);
  const y0 = Math.max(0, dy);
  const y1 = Math.min(COARSE_H, COARSE_H + dy);
  const n = Math.ceil((x1 - x0) / step) * Math.ceil((y1 - y0) / step);
  const stop = limit * n * (1 + 1e-9);
  let s = 0;
  let bad = 0;
  for (let y = y0; y < y1; y += step) {
    const c = y * COARSE_W;
    const p = (y - dy) * COARSE_W - dx;
    for (let x = x0; x < x1; x += step) {
      const d = Math.abs(cur[c + x] - prev[p + x]);
      s += d;
      if (d > BAD_T) bad++;
    }
    if (s > stop) {
      out.mad = Infinity;
      return;
    }
  }
  out.mad = s / n;
  out.bad = bad / n;
}

/** Scratch of findGlobalShift. */
const cell = { x: 0, y: 0 };
const r = { mad: 0, bad: 0 };

/**
 * One global translation of `cur` against `prev` (cur(x, y) ≈ prev(x − dx, y − dy)), found far wider than block
 * motion's ±3 pixels of 32: the 16x9 grids of cell means are aligned (±4 cells across, ±2 down: ±16 of the
 * thumbnail's 64 columns, ±8 of its 36 rows), then the thumbnails' pixels around that shift (±2 each way, every other
 * pixel); then what the shift leaves, over every pixel of the overlap. The JavaScript search:
 * PictureKernel.globalShift runs the same in WebAssembly, to the same bits.
 */
export function findGlobalShift(cur: Picture, prev: Picture, out: GlobalShift): void {
  const l = cur.luma;
  const l1 = prev.luma;
  bestCellShift(cur.g16, prev.g16, cell);
  // Then the pixels around it, half a cell either way.
  let gx = 0;
  let gy = 0;
  let least = Infinity;
  let leastRank = 0;
  for (const { x: ex, y: ey, rank } of FINE_SHIFTS) {
    const dx = Math.max(-RX, Math.min(RX, cell.x * CELL + ex));
    const dy = Math.max(-RY, Math.min(RY, cell.y * CELL + ey));
    residual(l, l1, dx, dy, 2, r, least);
    const reach = Math.abs(dx) + Math.abs(dy);
    const bestReach = Math.abs(gx) + Math.abs(gy);
    if (r.mad < least || (r.mad === least && (reach < bestReach || (reach === bestReach && rank < leastRank)))) {
      least = r.mad;
      leastRank = rank;
      gx = dx;
      gy = dy;
    }
  }
  residual(l, l1, gx, gy, 1, r);
  out.x = gx;
  out.y = gy;
  out.mad = r.mad;
  out.bad = r.bad;
}
