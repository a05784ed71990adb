import { findBlockShifts, type BlockShifts } from '../blockShifts.js';
import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { BLOCKS, BLOCK_H, BLOCK_W, MOTION_PIXELS, MOTION_R } from '../thumbnail.js';

/** Mean absolute luma error (0-1) above which a block counts as unexplained by motion. */
const MC_BAD_T = 0.05;

/**
 * Block motion vs t-1 on the 32x18 luma thumbnail (12 blocks, search ±3 pixels: see blockShifts.ts): what motion
 * explains. A cut leaves blocks no shift can match; fast motion is matched, and moves coherently from frame to frame.
 * Each block's best shift is recorded in the current picture for the next frame's jitter; the five values come from
 * that one search. On the first frame after a reset the "shifts of t-1" are those its ring slot last held (copied
 * round the ring with the rest of the picture), as they always were. The search runs in WebAssembly where the pictures
 * lie in the kernel's memory (the same bits), otherwise in JavaScript.
 */
export const blockMotion: FeatureStage = {
  id: 'blockMotion',
  names: ['mc_mad', 'mc_gain', 'mc_bad', 'mc_shift', 'mc_jitter'],
  create: () => {
    const r: BlockShifts = { sad: new Float64Array(BLOCKS), unshifted: new Float64Array(BLOCKS) };
    return (f: FeatureFrame, out: Float32Array, o: number): void => {
      const { cur, lag1 } = f;
      if (f.kernel !== null) f.kernel.blockShifts(cur, lag1, r);
      else findBlockShifts(cur, lag1, r);
      let mcSad = 0;
      let unshifted = 0;
      let bad = 0;
      let shift = 0;
      let jitter = 0;
      for (let b = 0; b < BLOCKS; b++) {
        const best = r.sad[b];
        const dx = cur.shiftX[b];
        const dy = cur.shiftY[b];
        mcSad += best;
        unshifted += r.unshifted[b];
        if (best / (BLOCK_W * BLOCK_H) > MC_BAD_T) bad++;
        shift += Math.abs(dx) + Math.abs(dy);
        jitter += Math.abs(dx - lag1.shiftX[b]) + Math.abs(dy - lag1.shiftY[b]);
      }
      out[o] = mcSad / MOTION_PIXELS;
      // How much of the plain difference motion explains away (1: none of it), kept finite on static frames.
      out[o + 1] = (mcSad + 1e-3) / (unshifted + 1e-3);
      out[o + 2] = bad / BLOCKS;
      out[o + 3] = shift / (BLOCKS * 2 * MOTION_R);
      out[o + 4] = jitter / (BLOCKS * 4 * MOTION_R);
    };
  },
};
