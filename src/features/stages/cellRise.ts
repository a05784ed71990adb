import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureLayout } from '../FeatureLayout.js';
import type { FeatureStage, StageWriter } from '../FeatureStage.js';
import { logChange } from '../logChange.js';
import { G4 } from '../thumbnail.js';
import { gridNames } from './gridNames.js';

/** Frames before t each cell's change is compared against. */
const RISE_SPAN = 4;

/** One extractor's history of each cell's log change; only the slots written since the history restarted are read. */
function create(layout: FeatureLayout): StageWriter {
  const grid = layout.inputRun(gridNames('grid_mad1'), cellRise);
  /** [RISE_SPAN * 16] log change of each 4x4 cell in the frames before, round a ring. */
  const history = new Float64Array(RISE_SPAN * G4);
  return (f: FeatureFrame, out: Float32Array, o: number): void => {
    const n = Math.min(f.seen, RISE_SPAN);
    const slot = (f.seen % RISE_SPAN) * G4;
    let rise = n > 0 ? -Infinity : 0;
    for (let c = 0; c < G4; c++) {
      const cur = logChange(out[grid + c]);
      if (n > 0) {
        let before = -Infinity;
        for (let j = 0; j < n; j++) before = Math.max(before, history[j * G4 + c]);
        rise = Math.max(rise, cur - before);
      }
      history[slot + c] = cur;
    }
    out[o] = rise;
  };
}

/**
 * `rise_cell_max` (fw-v4): a jump often changes one region only (a face), which the fw-v3 rises miss when another
 * region moves (a signer's hands); each 4x4 cell's log change against the largest of its own four frames before,
 * the largest over the cells (0 on the first frame).
 */
export const cellRise: FeatureStage = {
  id: 'cellRise',
  names: ['rise_cell_max'],
  create,
};
