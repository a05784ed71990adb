import type { Picture } from './Picture.js';
import { BLOCKS, BLOCKS_X, BLOCK_H, BLOCK_W, MOTION_PW, MOTION_R } from './thumbnail.js';

// Module-local copies: the hot loops below read these constants millions of times.
const R = MOTION_R;
const PW = MOTION_PW;
const BW = BLOCK_W;
const BH = BLOCK_H;

/** What the block search leaves besides the shifts: per block, the SAD of its best shift and that of no shift. */
export interface BlockShifts {
  /** [BLOCKS] sum of |cur − prev shifted| over the block, for the best shift. */
  readonly sad: Float64Array;
  /** [BLOCKS] the same for the zero shift. */
  readonly unshifted: Float64Array;
}

/** The shifts searched after (0, 0), in scan order, as offsets into the padded thumbnail. */
const SHIFT_X: number[] = [];
const SHIFT_Y: number[] = [];
for (let dy = -R; dy <= R; dy++) {
  for (let dx = -R; dx <= R; dx++) {
    if (dx !== 0 || dy !== 0) {
      SHIFT_X.push(dx);
      SHIFT_Y.push(dy);
    }
  }
}
/** Shifts weighed together: four independent sums keep the float adds from waiting on each other. */
const GROUP = 4;
if (SHIFT_X.length % GROUP !== 0) throw new Error('blockShifts: the shift count must be a multiple of GROUP');
/** The SADs of the group last measured. */
const sads = new Float64Array(GROUP);

/**
 * Sum of |cur - prev shifted by (dx, dy)| over one 8x6 block of the padded motion thumbnails, for shifts `i` to
 * `i + 3`, into `sads`. A row is added while any of them is below `limit` (the best so far): a sum that reaches it
 * has lost, which skips most of the search. A sum stopped early is ≥ limit, so it loses exactly as a full one would;
 * a sum below the limit is complete, so the best shift and its SAD are those of searching one shift at a time.
 */
function groupSad(cur: Float32Array, prev: Float32Array, bx: number, by: number, i: number, limit: number): void {
  const o0 = SHIFT_Y[i] * PW + SHIFT_X[i];
  const o1 = SHIFT_Y[i + 1] * PW + SHIFT_X[i + 1];
  const o2 = SHIFT_Y[i + 2] * PW + SHIFT_X[i + 2];
  const o3 = SHIFT_Y[i + 3] * PW + SHIFT_X[i + 3];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let y = 0; y < BH && (s0 < limit || s1 < limit || s2 < limit || s3 < limit); y++) {
    const c = (by * BH + y + R) * PW + bx * BW + R;
    for (let x = c; x < c + BW; x++) {
      const v = cur[x];
      s0 += Math.abs(v - prev[x + o0]);
      s1 += Math.abs(v - prev[x + o1]);
      s2 += Math.abs(v - prev[x + o2]);
      s3 += Math.abs(v - prev[x + o3]);
    }
  }
  sads[0] = s0;
  sads[1] = s1;
  sads[2] = s2;
  sads[3] = s3;
}

/** Sum of |cur - prev| over one 8x6 block (the zero shift). */
function zeroSad(cur: Float32Array, prev: Float32Array, bx: number, by: number): number {
  let sad = 0;
  for (let y = 0; y < BH; y++) {
    const c = (by * BH + y + R) * PW + bx * BW + R;
    for (let x = c; x < c + BW; x++) sad += Math.abs(cur[x] - prev[x]);
  }
  return sad;
}

/**
 * Each block's best shift within ±R of `cur` against `prev` on their padded motion thumbnails (`small`), by the sum
 * of |cur(x, y) − prev(x + dx, y + dy)| over the block; no shift wins ties. The shifts are recorded in `cur`
 * (shiftX, shiftY), their SADs and the unshifted ones in `out`. The JavaScript search: PictureKernel.blockShifts
 * runs the same in WebAssembly, to the same bits.
 */
export function findBlockShifts(cur: Picture, prev: Picture, out: BlockShifts): void {
  const small = cur.small;
  const before = prev.small;
  for (let b = 0; b < BLOCKS; b++) {
    const bx = b % BLOCKS_X;
    const by = (b - bx) / BLOCKS_X;
    let best = zeroSad(small, before, bx, by);
    let bdx = 0;
    let bdy = 0;
    out.unshifted[b] = best;
    for (let i = 0; i < SHIFT_X.length; i += GROUP) {
      groupSad(small, before, bx, by, i, best);
      for (let g = 0; g < GROUP; g++) {
        if (sads[g] < best) {
          best = sads[g];
          bdx = SHIFT_X[i + g];
          bdy = SHIFT_Y[i + g];
        }
      }
    }
    out.sad[b] = best;
    cur.shiftX[b] = bdx;
    cur.shiftY[b] = bdy;
  }
}
