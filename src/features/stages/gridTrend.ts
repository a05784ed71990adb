import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { G4 } from '../thumbnail.js';
import { gridNames } from './gridNames.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const g4 = f.cur.g4;
  const before = f.lag4.g4;
  for (let i = 0; i < G4; i++) out[o + i] = g4[i] - before[i];
}

/** The 4x4 grid: which way each cell's mean luma trends since t-4 (wipes move). */
export const gridTrend: FeatureStage = {
  id: 'gridTrend',
  names: gridNames('grid_dmean4'),
  create: () => write,
};
