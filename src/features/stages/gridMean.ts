import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { G4 } from '../thumbnail.js';
import { gridNames } from './gridNames.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const g4 = f.cur.g4;
  for (let i = 0; i < G4; i++) out[o + i] = g4[i];
}

/** The 4x4 grid: where the picture is. */
export const gridMean: FeatureStage = {
  id: 'gridMean',
  names: gridNames('grid_mean'),
  create: () => write,
};
