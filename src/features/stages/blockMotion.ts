import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { BLOCKS, BLOCKS_X, BLOCK_H, BLOCK_W, MOTION_PIXELS, MOTION_PW, MOTION_R } from '../thumbnail.js';

/** Mean absolute luma error (0-1) above which a block counts as unexplained by motion. */
const MC_BAD_T = 0.05;
// Module-local copies: the hot loops below read these constants millions of times.
const R = MOTION_R;
const PW = MOTION_PW;
const BW = BLOCK_W;
const BH = BLOCK_H;

/**
 * Sum of |cur - prev shifted by (dx, dy)| over one 8x6 block of the padded motion thumbnails. Stops once
 * the sum reaches `limit` (the best so far: this shift has lost), which skips most of the search.
 */
function blockSad(cur: Float32Array, prev: Float32Array, bx: number, by: number, dx: number, dy: number, limit: number): number {
  let sad = 0;
  for (let y = 0; y < BH && sad < limit; y++) {
    const c = (by * BH + y + R) * PW + bx * BW + R;
    const p = c + dy * PW + dx;
    for (let x = 0; x < BW; x++) sad += Math.abs(cur[c + x] - prev[p + x]);
  }
  return sad;
}

/**
 * Each block's best shift within ±R vs t-1 (no shift wins ties), recorded in the current picture for the next
 * frame's jitter; the five values come from that one search. On the first frame after a reset the "shifts of t-1"
 * are those its ring slot last held (copied round the ring with the rest of the picture), as they always were.
 */
function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const { cur, lag1 } = f;
  const small = cur.small;
  const before = lag1.small;
  let mcSad = 0;
  let zeroSad = 0;
  let bad = 0;
  let shift = 0;
  let jitter = 0;
  for (let b = 0; b < BLOCKS; b++) {
    const bx = b % BLOCKS_X;
    const by = (b - bx) / BLOCKS_X;
    let best = blockSad(small, before, bx, by, 0, 0, Infinity);
    let bdx = 0;
    let bdy = 0;
    zeroSad += best;
    for (let dy = -R; dy <= R; dy++) {
      for (let dx = -R; dx <= R; dx++) {
        if (dx === 0 && dy === 0) continue;
        const sad = blockSad(small, before, bx, by, dx, dy, best);
        if (sad < best) {
          best = sad;
          bdx = dx;
          bdy = dy;
        }
      }
    }
    mcSad += best;
    if (best / (BW * BH) > MC_BAD_T) bad++;
    shift += Math.abs(bdx) + Math.abs(bdy);
    jitter += Math.abs(bdx - lag1.shiftX[b]) + Math.abs(bdy - lag1.shiftY[b]);
    cur.shiftX[b] = bdx;
    cur.shiftY[b] = bdy;
  }
  out[o] = mcSad / MOTION_PIXELS;
  // How much of the plain difference motion explains away (1: none of it), kept finite on static frames.
  out[o + 1] = (mcSad + 1e-3) / (zeroSad + 1e-3);
  out[o + 2] = bad / BLOCKS;
  out[o + 3] = shift / (BLOCKS * 2 * R);
  out[o + 4] = jitter / (BLOCKS * 4 * R);
}

/**
 * Block motion vs t-1 on the 32x18 luma thumbnail (12 blocks, search ±3 pixels): what motion explains. A cut
 * leaves blocks no shift can match; fast motion is matched, and moves coherently from frame to frame.
 */
export const blockMotion: FeatureStage = {
  id: 'blockMotion',
  names: ['mc_mad', 'mc_gain', 'mc_bad', 'mc_shift', 'mc_jitter'],
  create: () => write,
};
