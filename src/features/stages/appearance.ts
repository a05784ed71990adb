import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureStage } from '../FeatureStage.js';
import { THUMB_PIXELS } from '../thumbnail.js';

function write(f: FeatureFrame, out: Float32Array, o: number): void {
  const cur = f.cur;
  out[o] = cur.mean;
  out[o + 1] = Math.sqrt(cur.variance);
  out[o + 2] = cur.black / THUMB_PIXELS;
  out[o + 3] = cur.white / THUMB_PIXELS;
  out[o + 4] = cur.sat / THUMB_PIXELS;
  out[o + 5] = cur.edges / THUMB_PIXELS;
}

/** Global appearance of the frame (thumbnail luma in [0,1]); counted while the thumbnail is made. */
export const appearance: FeatureStage = {
  id: 'appearance',
  names: ['luma_mean', 'luma_std', 'black_frac', 'white_frac', 'sat_mean', 'edge_density'],
  create: () => write,
};
