import { MemoryAreas } from '../wasm/MemoryAreas.js';
import { BLOCKS, G16, G4, HIST_BINS, MOTION_PH, MOTION_PW, THUMB_PIXELS } from './thumbnail.js';

/** Byte offsets of a picture's arrays in its block, and the block's size (PictureKernel reads them in place). */
export const PICTURE_LAYOUT = (() => {
  const a = new MemoryAreas();
  const luma = a.take(THUMB_PIXELS * 4);
  const small = a.take(MOTION_PH * MOTION_PW * 4);
  const hist = a.take(HIST_BINS * 4);
  const g16 = a.take(G16 * 4);
  const g4 = a.take(G4 * 4);
  // Slack around the edge maps: the dilation's vector loads read one pixel before and past them.
  const edge = a.take(THUMB_PIXELS, 16);
  const dil = a.take(THUMB_PIXELS, 16);
  const shiftX = a.take(BLOCKS);
  const shiftY = a.take(BLOCKS);
  return { luma, small, hist, g16, g4, edge, dil, shiftX, shiftY, bytes: a.end } as const;
})();

/**
 * What is kept of one frame: its analysis pictures and summary statistics, read by the feature stages for the
 * frame itself and, from a ring of them, for the frames before. Preallocated, reused round the ring. The arrays lie
 * in one block (PICTURE_LAYOUT) of their own buffer, or of a buffer given (PictureKernel's memory, where its
 * WebAssembly passes read and write them in place).
 */
export class Picture {
  /** Byte offset of the block in `buffer`. */
  readonly at: number;
  readonly buffer: ArrayBuffer;
  /** [COARSE_H * COARSE_W] thumbnail luma in [0,1], row-major. */
  readonly luma: Float32Array;
  /** [64] normalised 4x4x4 Y/U/V histogram (sums to 1). */
  readonly hist: Float32Array;
  /** [9 * 16] mean luma of the 16x9 grid, row-major. */
  readonly g16: Float32Array;
  /** [4 * 4] mean luma of the 4x4 grid, row-major. */
  readonly g4: Float32Array;
  /** [THUMB_PIXELS] 1 where the thumbnail has an edge. */
  readonly edge: Uint8Array;
  /** [THUMB_PIXELS] edge map dilated by one pixel (3x3). */
  readonly dil: Uint8Array;
  /** [MOTION_PH * MOTION_PW] 32x18 luma with a 3-pixel replicated border, row-major. */
  readonly small: Float32Array;
  /** [BLOCKS] best horizontal shift of each block vs the frame before (written by the block-motion stage). */
  readonly shiftX: Int8Array;
  /** [BLOCKS] best vertical shift of each block vs the frame before. */
  readonly shiftY: Int8Array;
  mean = 0;
  variance = 0;
  /** Thumbnail pixels that are edges, near-black, near-white; and the sum of their saturations. */
  edges = 0;
  black = 0;
  white = 0;
  sat = 0;

  constructor(buffer: ArrayBuffer = new ArrayBuffer(PICTURE_LAYOUT.bytes), at = 0) {
    const L = PICTURE_LAYOUT;
    this.buffer = buffer;
    this.at = at;
    this.luma = new Float32Array(buffer, at + L.luma, THUMB_PIXELS);
    this.hist = new Float32Array(buffer, at + L.hist, HIST_BINS);
    this.g16 = new Float32Array(buffer, at + L.g16, G16);
    this.g4 = new Float32Array(buffer, at + L.g4, G4);
    this.edge = new Uint8Array(buffer, at + L.edge, THUMB_PIXELS);
    this.dil = new Uint8Array(buffer, at + L.dil, THUMB_PIXELS);
    this.small = new Float32Array(buffer, at + L.small, MOTION_PH * MOTION_PW);
    this.shiftX = new Int8Array(buffer, at + L.shiftX, BLOCKS);
    this.shiftY = new Int8Array(buffer, at + L.shiftY, BLOCKS);
  }

  copyFrom(o: Picture): void {
    const bytes = PICTURE_LAYOUT.bytes;
    new Uint8Array(this.buffer, this.at, bytes).set(new Uint8Array(o.buffer, o.at, bytes));
    this.mean = o.mean;
    this.variance = o.variance;
    this.edges = o.edges;
    this.black = o.black;
    this.white = o.white;
    this.sat = o.sat;
  }
}
