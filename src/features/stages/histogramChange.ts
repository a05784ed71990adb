import { LAGS, type FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { HIST_BINS } from '../thumbnail.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const hist = f.cur.hist;
  for (const s of f.lags) {
    let d = 0;
    for (let i = 0; i < HIST_BINS; i++) d += Math.abs(hist[i] - s.hist[i]);
    out[o++] = d / 2;
  }
}

/** Colour: L1 change of a 4x4x4 Y/U/V histogram, halved to [0,1]. */
export const histogramChange: FeatureStage = {
  id: 'histogramChange',
  names: LAGS.map((k) => `hist_${k}`),
  create: () => write,
};
