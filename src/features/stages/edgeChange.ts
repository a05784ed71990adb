import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const edges = f.cur.edges;
  const before = f.lag1.edges;
  out[o] = Math.max(edges > 0 ? f.diff.entering / edges : 0, before > 0 ? f.diff.exiting / before : 0);
}

/** Edge change ratio vs t-1 (edges entering or leaving, dilated by one pixel). */
export const edgeChange: FeatureStage = {
  id: 'edgeChange',
  names: ['ecr_1'],
  create: () => write,
};
