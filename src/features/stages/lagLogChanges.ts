import type { FeatureFrame } from '../FeatureFrame.js';
import type { FeatureLayout } from '../FeatureLayout.js';
import type { FeatureStage, StageWriter } from '../FeatureStage.js';
import { logChange } from '../logChange.js';

const SOURCES = ['mad_2', 'mad_4', 'mad16_2', 'mad16_4'] as const;

function create(layout: FeatureLayout): StageWriter {
  const at = SOURCES.map((name) => layout.input(name, lagLogChanges));
  return (_f: FeatureFrame, out: Float32Array, o: number): void => {
    for (let k = 0; k < at.length; k++) out[o + k] = logChange(out[at[k]]);
  };
}

/**
 * Log change over two and four frames (fw-v4). A look-alike jump and the start of fast motion both raise this
 * frame's change; what tells them apart comes a frame later. After a jump the new picture persists, so the next
 * frame still differs from the frames before the jump (lags 2 and 4) as much as this one did; after a flash it
 * does not; in motion the change grows with the lag. On a log scale these ratios are differences the model reads
 * off its look-ahead.
 */
export const lagLogChanges: FeatureStage = {
  id: 'lagLogChanges',
  names: SOURCES.map((name) => `log_${name}`),
  create,
};
