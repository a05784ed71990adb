/**
 * Geometry of the analysis pictures every feature is computed from: a 64x36 thumbnail of the frame, its 4x4 and
 * 16x9 grids, and a 32x18 luma thumbnail for block motion. Fixed, whatever the frame size.
 */

/** Side of the thumbnail most features are computed on. */
export const COARSE_W = 64;
export const COARSE_H = 36;
/** Thumbnail pixel count. */
export const THUMB_PIXELS = COARSE_W * COARSE_H;

/** Cells of the 4x4 grid, and thumbnail pixels in each. */
export const G4 = 16;
export const G4_PIXELS = THUMB_PIXELS / G4;
/** Cells of the 16x9 grid, and thumbnail pixels in each. */
export const G16 = 144;
export const G16_PIXELS = THUMB_PIXELS / G16;

/** [THUMB_PIXELS] grid cell of each thumbnail pixel, for a grid of gw x gh cells that divides the thumbnail evenly. */
function gridIndex(gw: number, gh: number): Uint8Array {
  const idx = new Uint8Array(THUMB_PIXELS);
  for (let y = 0; y < COARSE_H; y++) {
    for (let x = 0; x < COARSE_W; x++) {
      idx[y * COARSE_W + x] = Math.floor((y * gh) / COARSE_H) * gw + Math.floor((x * gw) / COARSE_W);
    }
  }
  return idx;
}
export const G4_INDEX = gridIndex(4, 4);
export const G16_INDEX = gridIndex(16, 9);

/** Bins of the 4x4x4 Y/U/V histogram. */
export const HIST_BINS = 64;

/** Block-motion thumbnail: 32x18 luma (2x2 means of the 64x36 one), 4x3 blocks of 8x6, search ±MOTION_R. */
export const MOTION_W = COARSE_W / 2;
export const MOTION_H = COARSE_H / 2;
export const MOTION_PIXELS = MOTION_W * MOTION_H;
export const BLOCK_W = 8;
export const BLOCK_H = 6;
export const BLOCKS_X = MOTION_W / BLOCK_W;
export const BLOCKS = BLOCKS_X * (MOTION_H / BLOCK_H);
export const MOTION_R = 3;
/** Padded (edge-replicated) width and height of the motion thumbnail, so shifted reads need no bounds checks. */
export const MOTION_PW = MOTION_W + 2 * MOTION_R;
export const MOTION_PH = MOTION_H + 2 * MOTION_R;
