import { LAGS, type FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const mean = f.cur.mean;
  out[o] = mean - f.lag1.mean;
  out[o + 1] = mean - f.lag2.mean;
  out[o + 2] = mean - f.lag4.mean;
}

/** Signed change of mean luma: the direction of a fade. */
export const meanChange: FeatureStage = {
  id: 'meanChange',
  names: LAGS.map((k) => `dmean_${k}`),
  create: () => write,
};
