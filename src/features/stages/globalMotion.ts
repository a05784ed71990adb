import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { findGlobalShift, type GlobalShift } from '../globalShift.js';
import { COARSE_H, COARSE_W, THUMB_PIXELS } from '../thumbnail.js';

/**
 * One global translation of the picture against t-1, found far wider than block motion's ±3 pixels of 32 (see
 * globalShift.ts: ±16 of the thumbnail's 64 columns, ±8 of its 36 rows). A pan, however fast, moves the whole
 * picture and leaves little after compensation; a wipe or a dissolve keeps both pictures still and leaves its change
 * where no shift explains it; a close object moving over a still background leaves the background unexplained by
 * any large shift. The search runs in WebAssembly where the pictures lie in the kernel's memory (the same bits),
 * otherwise in JavaScript.
 *   gm_shift: the shift's length as a share of the picture's size; gm_mad: mean |difference| after compensation, over
 *   the overlap; gm_gain: that against the plain difference (1: the shift explains nothing); gm_bad: share of the
 *   overlap still differing by more than 0.1; gm_turn: how far the shift moved since the frame before (a pan's is
 *   steady, a transition's jumps about).
 */
export const globalMotion: FeatureStage = {
  id: 'globalMotion',
  names: ['gm_shift', 'gm_mad', 'gm_gain', 'gm_bad', 'gm_turn'],
  create: () => {
    const g: GlobalShift = { x: 0, y: 0, mad: 0, bad: 0 };
    let lastX = 0;
    let lastY = 0;
    return (f: FeatureFrame, out: Float32Array, o: number): void => {
      if (f.kernel !== null) f.kernel.globalShift(f.cur, f.lag1, g);
      else findGlobalShift(f.cur, f.lag1, g);
      const { x: gx, y: gy } = g;
      const plain = f.diff.mad1 / THUMB_PIXELS;
      if (f.seen === 0) {
        lastX = gx;
        lastY = gy;
      }
      out[o] = Math.hypot(gx / COARSE_W, gy / COARSE_H);
      out[o + 1] = g.mad;
      out[o + 2] = (g.mad + 1e-3) / (plain + 1e-3);
      out[o + 3] = g.bad;
      out[o + 4] = Math.hypot((gx - lastX) / COARSE_W, (gy - lastY) / COARSE_H);
      lastX = gx;
      lastY = gy;
    };
  },
};
