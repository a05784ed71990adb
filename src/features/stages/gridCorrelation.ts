import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { G16 } from '../thumbnail.js';
import { correlation } from './correlation.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const a = f.cur.g16;
  const b = f.lag1.g16;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < G16; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= G16;
  mb /= G16;
  let cab = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < G16; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    cab += da * db;
    va += da * da;
    vb += db * db;
  }
  out[o] = correlation(cab / G16, va / G16, vb / G16);
}

/** Correlation of the 16x9 grids with t-1: structure of the picture, blind to fine motion and noise. */
export const gridCorrelation: FeatureStage = {
  id: 'gridCorrelation',
  names: ['corr16_1'],
  create: () => write,
};
