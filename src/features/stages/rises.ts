import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureLayout } from '../FeatureLayout.js';
import type { FeatureStage, StageWriter } from '../FeatureStage.js';
import { logChange } from '../logChange.js';
import { gridNames } from './gridNames.js';
import { gridMad1Max } from './gridMad1Max.js';

/** Frames before t the rises compare against. */
const RISE_SPAN = 4;

/**
 * One extractor's history of the three log changes. The logs are taken again of the values in the vector (not read
 * back from log_* there, which holds them rounded to float32), so that the rises are those of the full-precision
 * logs; only the slots written since the history restarted are read (`seen` counts them).
 */
function create(layout: FeatureLayout): StageWriter {
  const mad1 = layout.input('mad_1', rises);
  const grid = layout.inputRun(gridNames('grid_mad1'), rises);
  const mc = layout.input('mc_mad', rises);
  /** [RISE_SPAN * 3] log_mad_1, log_grid_mad1_max and log_mc_mad of the frames before, round a ring. */
  const history = new Float64Array(RISE_SPAN * 3);
  /** [3] this frame's. */
  const rising = new Float64Array(3);
  return (f: FeatureFrame, out: Float32Array, o: number): void => {
    rising[0] = logChange(out[mad1]);
    rising[1] = logChange(gridMad1Max(out, grid));
    rising[2] = logChange(out[mc]);
    const n = Math.min(f.seen, RISE_SPAN);
    const slot = (f.seen % RISE_SPAN) * 3;
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += history[j * 3 + k];
      out[o + k] = n > 0 ? rising[k] - sum / n : 0;
    }
    for (let k = 0; k < 3; k++) history[slot + k] = rising[k];
  };
}

/**
 * Rise of the log changes (fw-v3) over the mean of the four frames before (0 on the first frame), so that even a
 * model without look-ahead sees a look-alike jump.
 */
export const rises: FeatureStage = {
  id: 'rises',
  names: ['rise_mad_1', 'rise_grid_mad1_max', 'rise_mc_mad'],
  create,
};
