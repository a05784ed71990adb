import type { Picture } from './Picture.js';
import type { PictureDifferences } from './PictureDifferences.js';
import type { PictureKernel } from './wasm/PictureKernel.js';

/** Frame lags the difference features compare against (t-1, t-2, t-4). */
export const LAGS = [1, 2, 4] as const;

/**
 * What the feature stages compute one frame's values from. The first frame after a reset stands in for the
 * missing history (its pictures are copied round the ring), so its differences are 0.
 */
export interface FeatureFrame {
  /** The frame's yuv420p bytes (Y, then U and V at half size, rounded up), `width` x `height`. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Frames seen since the history (re)started, before this one: 0 on the first. */
  readonly seen: number;
  /** This frame's analysis pictures. */
  readonly cur: Picture;
  /** Those of the frames at t-1, t-2 and t-4. */
  readonly lag1: Picture;
  readonly lag2: Picture;
  readonly lag4: Picture;
  /** lag1, lag2, lag4 in LAGS order. */
  readonly lags: readonly [Picture, Picture, Picture];
  /** This frame's thumbnail against t-1, t-2 and t-4. */
  readonly diff: PictureDifferences;
  /** The WebAssembly passes whose memory holds these pictures, for a stage to run its own pass there (null: JavaScript only). */
  readonly kernel: PictureKernel | null;
}
