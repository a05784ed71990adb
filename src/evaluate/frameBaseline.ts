/**
 * A non-learned per-frame labeller, for comparison in `framewise eval`: fixed thresholds on the frame-difference
 * features, in the spirit of ffmpeg's scene score, blackdetect and freezedetect. It knows no gradual transitions.
 * Thresholds are set a priori (not fitted to any data). Its decisions are the default label set's black, freeze, cut,
 * motion and still, so it can only stand beside a model whose label set has those five in those roles.
 */
import { featureNames } from '../features/featureSpec.js';
import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import type { LabelRegistry } from '../labels/labelRegistry.js';
import type { FeatureSpec, LabelRole } from '../types.js';

export const BASELINE_THRESHOLDS = {
  /** Mean luma (0-1) under which a frame is black. */
  black: 0.06,
  /** Mean absolute luma difference to t-1 (0-1) above which a frame starts a new shot. */
  cut: 0.1,
  /** Mean absolute luma difference to t-1 above which a frame is moving. */
  motion: 0.01,
} as const;

/** The labels the baseline decides between, with the role each must have in a label set it can label. */
export const BASELINE_LABELS: Readonly<Record<string, LabelRole>> = {
  black: 'hold',
  freeze: 'hold',
  cut: 'point',
  motion: 'in-shot',
  still: 'in-shot',
};

/** Whether the baseline's decisions are labels of `registry`'s set, in the same roles. */
export function baselineApplies(registry: LabelRegistry): boolean {
  return Object.entries(BASELINE_LABELS).every(([label, role]) => registry.labels.includes(label) && registry.role(label) === role);
}

/**
 * [frames] labels for raw feature rows [frames * spec.dim]; null when the label set lacks one of BASELINE_LABELS in
 * its role (the baseline has nothing to say about other label sets).
 */
export function frameBaseline(values: Float32Array, spec: FeatureSpec, registry: LabelRegistry = DEFAULT_LABEL_REGISTRY): string[] | null {
  if (!baselineApplies(registry)) return null;
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
