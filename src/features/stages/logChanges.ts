import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureLayout } from '../FeatureLayout.js';
import type { FeatureStage, StageWriter } from '../FeatureStage.js';
import { logChange } from '../logChange.js';
import { gridMad1Max } from './gridMad1Max.js';
import { gridNames } from './gridNames.js';

/** Reads the fw-v2 values from the vector (as stored, in float32), so the logs are of exactly those. */
function create(layout: FeatureLayout): StageWriter {
  const mad1 = layout.input('mad_1', logChanges);
  const mad16 = layout.input('mad16_1', logChanges);
  const corr1 = layout.input('corr_1', logChanges);
  const corr16 = layout.input('corr16_1', logChanges);
  const hist1 = layout.input('hist_1', logChanges);
  const grid = layout.inputRun(gridNames('grid_mad1'), logChanges);
  const mc = layout.input('mc_mad', logChanges);
  return (_f: FeatureFrame, out: Float32Array, o: number): void => {
    out[o] = logChange(out[mad1]);
    out[o + 1] = logChange(out[mad16]);
    out[o + 2] = logChange(1 - out[corr1]);
    out[o + 3] = logChange(1 - out[corr16]);
    out[o + 4] = logChange(out[hist1]);
    out[o + 5] = logChange(gridMad1Max(out, grid));
    out[o + 6] = logChange(out[mc]);
  };
}

/**
 * Log-scale change (fw-v3). A cut between look-alike shots (a jump inside one clip or picture) changes the frame
 * by a few times the shot's own frame-to-frame change, but by little in absolute terms: on a linear scale,
 * normalised over all video, 0.007 → 0.025 is lost next to the 0.3 of an ordinary cut. On a log scale the ratio
 * is a difference, which a recurrent cell sees as easily as an ordinary cut.
 */
export const logChanges: FeatureStage = {
  id: 'logChanges',
  names: ['log_mad_1', 'log_mad16_1', 'log_decorr_1', 'log_decorr16_1', 'log_hist_1', 'log_grid_mad1_max', 'log_mc_mad'],
  create,
};
