import { LAGS, type FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { G16 } from '../thumbnail.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const g16 = f.cur.g16;
  for (const s of f.lags) {
    let d = 0;
    for (let i = 0; i < G16; i++) d += Math.abs(g16[i] - s.g16[i]);
    out[o++] = d / G16;
  }
}

/** Mean absolute difference between 16x9 grid means: change of the picture's layout, blind to fine detail. */
export const gridChange16: FeatureStage = {
  id: 'gridChange16',
  names: LAGS.map((k) => `mad16_${k}`),
  create: () => write,
};
