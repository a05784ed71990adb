import { FeatureLayout, type FeatureVersion } from './FeatureLayout.js';
import { appearance } from './stages/appearance.js';
import { blockMotion } from './stages/blockMotion.js';
import { cellRise } from './stages/cellRise.js';
import { edgeChange } from './stages/edgeChange.js';
import { exactRepeat } from './stages/exactRepeat.js';
import { globalMotion } from './stages/globalMotion.js';
import { gridChange } from './stages/gridChange.js';
import { gridChange16 } from './stages/gridChange16.js';
import { gridCorrelation } from './stages/gridCorrelation.js';
import { gridMean } from './stages/gridMean.js';
import { gridTrend } from './stages/gridTrend.js';
import { histogramChange } from './stages/histogramChange.js';
import { lagLogChanges } from './stages/lagLogChanges.js';
import { logChanges } from './stages/logChanges.js';
import { lumaChange } from './stages/lumaChange.js';
import { lumaCorrelation } from './stages/lumaCorrelation.js';
import { meanChange } from './stages/meanChange.js';
import { rises } from './stages/rises.js';

export const FW_V2 = 'fw-v2';
export const FW_V3 = 'fw-v3';
export const FW_V4 = 'fw-v4';
export const FW_V5 = 'fw-v5';

/**
 * The fw-v2 recipe. Frames are scaled by ffmpeg (area averaging) to 128x72 yuv420p: fine enough that the
 * exact-repeat features still see the sensor/compression noise that separates `still` from `freeze` (averaging
 * down to 64x36 would hide much of it), and half the bytes of RGB over the pipe (most video is yuv420p already, so
 * ffmpeg converts nothing). Everything else is computed on a 64x36 thumbnail made in JS (luma from Y, colour from
 * the 64x36 chroma planes), on 4x4 and 16x9 grids of it, and on a 32x18 luma thumbnail for block motion.
 */
const FW_V2_STAGES = [
  appearance,
  meanChange,
  lumaChange,
  gridChange16,
  lumaCorrelation,
  gridCorrelation,
  histogramChange,
  edgeChange,
  gridMean,
  gridChange,
  gridTrend,
  exactRepeat,
  blockMotion,
];
/** fw-v3 = fw-v2 followed by log-scale changes and their rises (see stages/logChanges.ts). */
const FW_V3_STAGES = [...FW_V2_STAGES, logChanges, rises];
/** fw-v4 = fw-v3 followed by the log changes over longer lags and the largest rise of a grid cell. */
const FW_V4_STAGES = [...FW_V3_STAGES, lagLogChanges, cellRise];
/** fw-v5 = fw-v4 followed by one global translation per frame pair, searched wide, and what it leaves unexplained. */
const FW_V5_STAGES = [...FW_V4_STAGES, globalMotion];

/**
 * Every extractor version this build computes, oldest first (models of earlier versions keep working): its
 * stages, in vector order. A new version is a new entry here (and any new stages).
 */
const DECLARATIONS: readonly FeatureVersion[] = [
  { name: FW_V2, stages: FW_V2_STAGES },
  { name: FW_V3, stages: FW_V3_STAGES },
  { name: FW_V4, stages: FW_V4_STAGES },
  { name: FW_V5, stages: FW_V5_STAGES },
];

/** The layout of each version, by name, oldest first. */
export const FEATURE_LAYOUTS: ReadonlyMap<string, FeatureLayout> = new Map(DECLARATIONS.map((v) => [v.name, new FeatureLayout(v)]));
