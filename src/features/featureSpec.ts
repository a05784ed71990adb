import { ModelError } from '../errors.js';
import type { FeatureSpec, PixelFormat } from '../types.js';

/**
 * The fw-v2 recipe (fw-v3 and fw-v4 add log-scale change features, below). Frames are scaled by ffmpeg (area
 * averaging) to 128x72 yuv420p: fine enough that the exact-repeat features still see the sensor/compression
 * noise that separates `still` from `freeze` (averaging down to 64x36 would hide much of it), and half the
 * bytes of RGB over the pipe (most video is yuv420p already, so ffmpeg converts nothing). Everything else is
 * computed on a 64x36 thumbnail made in JS (luma from Y, colour from the 64x36 chroma planes), on 4x4 and
 * 16x9 grids of it, and on a 32x18 luma thumbnail for block motion.
 */
export const FW_V2 = 'fw-v2';
export const FW_V3 = 'fw-v3';
export const FW_V4 = 'fw-v4';

/** The pixel format the extractor expects from the decoder. */
export const FEATURE_PIXEL_FORMAT: PixelFormat = 'yuv420p';

/** Side of the thumbnail most features are computed on (fixed, whatever the frame size). */
export const COARSE_W = 64;
export const COARSE_H = 36;

/** Frame lags the difference features compare against (t-1, t-2, t-4). */
export const LAGS = [1, 2, 4] as const;

function gridNames(prefix: string): string[] {
  const names: string[] = [];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) names.push(`${prefix}_r${r}c${c}`);
  return names;
}

/** Feature names of fw-v2, in vector order; FeatureExtractor writes exactly this layout. */
const FW_V2_NAMES: readonly string[] = [
  // Global appearance of the frame (thumbnail luma in [0,1]).
  'luma_mean',
  'luma_std',
  'black_frac',
  'white_frac',
  'sat_mean',
  'edge_density',
  // Signed change of mean luma: the direction of a fade.
  ...LAGS.map((k) => `dmean_${k}`),
  // Mean absolute luma difference per thumbnail pixel, and between 16x9 grid means.
  ...LAGS.map((k) => `mad_${k}`),
  ...LAGS.map((k) => `mad16_${k}`),
  // Structure: luma correlation with earlier frames (thumbnail and 16x9 grid).
  'corr_1',
  'corr_4',
  'corr16_1',
  // Colour: L1 change of a 4x4x4 Y/U/V histogram, halved to [0,1].
  ...LAGS.map((k) => `hist_${k}`),
  // Edge change ratio vs t-1 (edges entering or leaving, dilated by one pixel).
  'ecr_1',
  // The 4x4 grid: where the picture is, where it changed, and which way it trends (wipes move).
  ...gridNames('grid_mean'),
  ...gridNames('grid_mad1'),
  ...gridNames('grid_dmean4'),
  // Exact repeat vs t-1 at full analysis size, on raw Y, U and V bytes.
  'rep_max',
  'rep_changed',
  'rep_changed2',
  'rep_exact',
  'rep_static_cells',
  // Block motion vs t-1 on the 32x18 luma thumbnail (12 blocks, search ±3 pixels): what motion explains.
  // A cut leaves blocks no shift can match; fast motion is matched, and moves coherently from frame to frame.
  'mc_mad',
  'mc_gain',
  'mc_bad',
  'mc_shift',
  'mc_jitter',
];

/**
 * fw-v3 = fw-v2 followed by these. A cut between look-alike shots (a jump inside one clip or picture) changes
 * the frame by a few times the shot's own frame-to-frame change, but by little in absolute terms: on a linear
 * scale, normalised over all video, 0.007 → 0.025 is lost next to the 0.3 of an ordinary cut. On a log scale the
 * ratio is a difference, which a recurrent cell sees as easily as an ordinary cut. `rise_*` compare with the
 * mean of the four frames before (0 on the first frame), so that even a model without look-ahead sees the jump.
 */
const FW_V3_EXTRA: readonly string[] = [
  'log_mad_1',
  'log_mad16_1',
  'log_decorr_1',
  'log_decorr16_1',
  'log_hist_1',
  'log_grid_mad1_max',
  'log_mc_mad',
  'rise_mad_1',
  'rise_grid_mad1_max',
  'rise_mc_mad',
];

/**
 * fw-v4 = fw-v3 followed by these. A look-alike jump and the start of fast motion both raise this frame's change;
 * what tells them apart comes a frame later. After a jump the new picture persists, so the next frame still differs
 * from the frames before the jump (lags 2 and 4) as much as this one did; after a flash it does not; in motion the
 * change grows with the lag. On a log scale these ratios are differences the model reads off its look-ahead.
 * `rise_cell_max`: a jump often changes one region only (a face), which the fw-v3 rises miss when another region
 * moves (a signer's hands); each 4x4 cell's log change against the largest of its own four frames before, the
 * largest over the cells.
 */
const FW_V4_EXTRA: readonly string[] = ['log_mad_2', 'log_mad_4', 'log_mad16_2', 'log_mad16_4', 'rise_cell_max'];

/** Feature names of each extractor version this build computes (models of earlier versions keep working). */
const FW_V3_NAMES = [...FW_V2_NAMES, ...FW_V3_EXTRA];
const FW_V4_NAMES = [...FW_V3_NAMES, ...FW_V4_EXTRA];
const NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  [FW_V2, FW_V2_NAMES],
  [FW_V3, FW_V3_NAMES],
  [FW_V4, FW_V4_NAMES],
]);

/** The extractor versions this build computes, oldest first. */
export const FEATURE_VERSIONS: readonly string[] = [...NAMES.keys()];

export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  name: FW_V4,
  width: 128,
  height: 72,
  dim: FW_V4_NAMES.length,
};

/** Refuses a spec this build cannot compute (e.g. from a model file made by another version). */
export function checkFeatureSpec(spec: FeatureSpec): void {
  const names = NAMES.get(spec.name);
  if (!names) {
    const known = new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(FEATURE_VERSIONS);
    throw new ModelError('E_MODEL_INVALID', `unknown feature extractor "${spec.name}" (this framewise computes ${known})`);
  }
  if (spec.dim !== names.length) {
    throw new ModelError('E_MODEL_INVALID', `feature spec ${spec.name} has ${names.length} dimensions, not ${spec.dim}`);
  }
  if (!(Number.isInteger(spec.width) && spec.width > 0 && Number.isInteger(spec.height) && spec.height > 0)) {
    throw new ModelError('E_MODEL_INVALID', `feature spec size ${spec.width}x${spec.height} is not a positive integer size`);
  }
}

/** The spec of extractor version `name` at the default analysis size. */
export function featureSpecNamed(name: string): FeatureSpec {
  const spec = { ...DEFAULT_FEATURE_SPEC, name, dim: NAMES.get(name)?.length ?? 0 };
  checkFeatureSpec(spec);
  return spec;
}

/** One name per feature dimension, for docs and debugging. */
export function featureNames(spec: FeatureSpec = DEFAULT_FEATURE_SPEC): string[] {
  checkFeatureSpec(spec);
  return [...(NAMES.get(spec.name) ?? [])];
}
