import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { THUMB_PIXELS } from '../thumbnail.js';
import { correlation } from './correlation.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const { cur, lag1, lag4, diff } = f;
  out[o] = correlation(diff.x1 / THUMB_PIXELS - cur.mean * lag1.mean, cur.variance, lag1.variance);
  out[o + 1] = correlation(diff.x4 / THUMB_PIXELS - cur.mean * lag4.mean, cur.variance, lag4.variance);
}

/** Structure: thumbnail luma correlation with t-1 and t-4. */
export const lumaCorrelation: FeatureStage = {
  id: 'lumaCorrelation',
  names: ['corr_1', 'corr_4'],
  create: () => write,
};
