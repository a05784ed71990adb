import { ModelError } from '../errors.js';
import type { FeatureSpec, PixelFormat } from '../types.js';
import { FEATURE_LAYOUTS, FW_V4 } from './featureVersions.js';

/*
 * Feature specs (a version's name, analysis size and dimension), checked against the versions this build computes.
 * Names and sizes are derived from the version declarations (featureVersions.ts), never listed here.
 */
export { FW_V2, FW_V3, FW_V4, FW_V5 } from './featureVersions.js';
export { COARSE_H, COARSE_W } from './thumbnail.js';
export { LAGS } from './FeatureFrame.js';

/** The pixel format the extractor expects from the decoder. */
export const FEATURE_PIXEL_FORMAT: PixelFormat = 'yuv420p';

/** The extractor versions this build computes, oldest first. */
export const FEATURE_VERSIONS: readonly string[] = [...FEATURE_LAYOUTS.keys()];

export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  name: FW_V4,
  width: 128,
  height: 72,
  dim: FEATURE_LAYOUTS.get(FW_V4)?.dim ?? 0,
};

/** Refuses a spec this build cannot compute (e.g. from a model file made by another version). */
export function checkFeatureSpec(spec: FeatureSpec): void {
  const layout = FEATURE_LAYOUTS.get(spec.name);
  if (!layout) {
    const known = new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(FEATURE_VERSIONS);
    throw new ModelError('E_MODEL_INVALID', `unknown feature extractor "${spec.name}" (this framewise computes ${known})`);
  }
  if (spec.dim !== layout.dim) {
    throw new ModelError('E_MODEL_INVALID', `feature spec ${spec.name} has ${layout.dim} dimensions, not ${spec.dim}`);
  }
  if (!(Number.isInteger(spec.width) && spec.width > 0 && Number.isInteger(spec.height) && spec.height > 0)) {
    throw new ModelError('E_MODEL_INVALID', `feature spec size ${spec.width}x${spec.height} is not a positive integer size`);
  }
}

/** The spec of extractor version `name` at the default analysis size. */
export function featureSpecNamed(name: string): FeatureSpec {
  const spec = { ...DEFAULT_FEATURE_SPEC, name, dim: FEATURE_LAYOUTS.get(name)?.dim ?? 0 };
  checkFeatureSpec(spec);
  return spec;
}

/** Two specs with the same key compute the same vectors from a video (the dimension follows from the name). */
export function featureKey(spec: FeatureSpec): string {
  return `${spec.name}|${spec.width}x${spec.height}`;
}

/** One name per feature dimension, for docs and debugging. */
export function featureNames(spec: FeatureSpec = DEFAULT_FEATURE_SPEC): string[] {
  checkFeatureSpec(spec);
  return [...(FEATURE_LAYOUTS.get(spec.name)?.names ?? [])];
}
