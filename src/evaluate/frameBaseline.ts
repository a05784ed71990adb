/**
 * A non-learned per-frame labeller, for comparison in `framewise eval`: fixed thresholds on the frame-difference
 * features, in the spirit of ffmpeg's scene score, blackdetect and freezedetect. It knows no gradual transitions.
 * Thresholds are set a priori (not fitted to any data).
 */
import { featureNames } from '../features/featureSpec.js';
import type { FeatureSpec } from '../types.js';

export const BASELINE_THRESHOLDS = {
  /** Mean luma (0-1) under which a frame is black. */
  black: 0.06,
  /** Mean absolute luma difference to t-1 (0-1) above which a frame starts a new shot. */
  cut: 0.1,
  /** Mean absolute luma difference to t-1 above which a frame is moving. */
  motion: 0.01,
} as const;

/** [frames] labels of the default label set for raw feature rows [frames * spec.dim]. */
export function frameBaseline(values: Float32Array, spec: FeatureSpec): string[] {
  const names = featureNames(spec);
  const at = (name: string): number => names.indexOf(name);
  const [luma, mad, exact] = [at('luma_mean'), at('mad_1'), at('rep_exact')];
  const labels: string[] = [];
  for (let o = 0; o < values.length; o += spec.dim) {
    const first = o === 0;
    if (values[o + luma] < BASELINE_THRESHOLDS.black) labels.push('black');
    else if (!first && values[o + exact] === 1) labels.push('freeze');
    else if (values[o + mad] > BASELINE_THRESHOLDS.cut) labels.push('cut');
    else labels.push(values[o + mad] > BASELINE_THRESHOLDS.motion ? 'motion' : 'still');
  }
  return labels;
}
