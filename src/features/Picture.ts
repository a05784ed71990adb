import { BLOCKS, G16, G4, HIST_BINS, MOTION_PH, MOTION_PW, THUMB_PIXELS } from './thumbnail.js';

/**
 * What is kept of one frame: its analysis pictures and summary statistics, read by the feature stages for the
 * frame itself and, from a ring of them, for the frames before. Preallocated, reused round the ring.
 */
export class Picture {
  /** [COARSE_H * COARSE_W] thumbnail luma in [0,1], row-major. */
  readonly luma = new Float32Array(THUMB_PIXELS);
  /** [64] normalised 4x4x4 Y/U/V histogram (sums to 1). */
  readonly hist = new Float32Array(HIST_BINS);
  /** [9 * 16] mean luma of the 16x9 grid, row-major. */
  readonly g16 = new Float32Array(G16);
  /** [4 * 4] mean luma of the 4x4 grid, row-major. */
  readonly g4 = new Float32Array(G4);
  /** [THUMB_PIXELS] 1 where the thumbnail has an edge. */
  readonly edge = new Uint8Array(THUMB_PIXELS);
  /** [THUMB_PIXELS] edge map dilated by one pixel (3x3). */
  readonly dil = new Uint8Array(THUMB_PIXELS);
  /** [MOTION_PH * MOTION_PW] 32x18 luma with a 3-pixel replicated border, row-major. */
  readonly small = new Float32Array(MOTION_PH * MOTION_PW);
  /** [BLOCKS] best horizontal shift of each block vs the frame before (written by the block-motion stage). */
  readonly shiftX = new Int8Array(BLOCKS);
  /** [BLOCKS] best vertical shift of each block vs the frame before. */
  readonly shiftY = new Int8Array(BLOCKS);
  mean = 0;
  variance = 0;
  /** Thumbnail pixels that are edges, near-black, near-white; and the sum of their saturations. */
  edges = 0;
  black = 0;
  white = 0;
  sat = 0;

  copyFrom(o: Picture): void {
    this.luma.set(o.luma);
    this.hist.set(o.hist);
    this.g16.set(o.g16);
    this.g4.set(o.g4);
    this.edge.set(o.edge);
    this.dil.set(o.dil);
    this.small.set(o.small);
    this.shiftX.set(o.shiftX);
    this.shiftY.set(o.shiftY);
    this.mean = o.mean;
    this.variance = o.variance;
    this.edges = o.edges;
    this.black = o.black;
    this.white = o.white;
    this.sat = o.sat;
  }
}
