import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { G4, G4_PIXELS } from '../thumbnail.js';
import { gridNames } from './gridNames.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const gridMad = f.diff.gridMad;
  for (let i = 0; i < G4; i++) out[o + i] = gridMad[i] / G4_PIXELS;
}

/** The 4x4 grid: where the picture changed since t-1 (mean absolute luma difference per cell). */
export const gridChange: FeatureStage = {
  id: 'gridChange',
  names: gridNames('grid_mad1'),
  create: () => write,
};
