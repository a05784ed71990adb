import { LAGS, type FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { THUMB_PIXELS } from '../thumbnail.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  out[o] = f.diff.mad1 / THUMB_PIXELS;
  out[o + 1] = f.diff.mad2 / THUMB_PIXELS;
  out[o + 2] = f.diff.mad4 / THUMB_PIXELS;
}

/** Mean absolute luma difference per thumbnail pixel. */
export const lumaChange: FeatureStage = {
  id: 'lumaChange',
  names: LAGS.map((k) => `mad_${k}`),
  create: () => write,
};
