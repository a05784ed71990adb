import type { Picture } from './Picture.js';
import type { PictureKernel } from './wasm/PictureKernel.js';
import { COARSE_H, COARSE_W, G4, G4_INDEX } from './thumbnail.js';

/** Thumbnail pixels of one 4x4 grid cell along a row. */
const G4_CELL_W = COARSE_W / 4;

/**
 * Per-pixel comparisons of a frame's thumbnail with the frames before, summed in one pass: several stages read
 * these sums (mad_*, corr_1/corr_4, ecr_1, grid_mad1_*), and one pass over the thumbnail costs less than one each.
 */
export class PictureDifferences {
  /** Sums over the thumbnail of |luma - luma at t-1|, t-2 and t-4. */
  mad1 = 0;
  mad2 = 0;
  mad4 = 0;
  /** Sums of luma * luma at t-1, and at t-4. */
  x1 = 0;
  x4 = 0;
  /** Edge pixels not near an edge of t-1; edge pixels of t-1 not near an edge now. */
  entering = 0;
  exiting = 0;
  /** [16] per-cell sum of |luma - luma at t-1| over the 4x4 grid. */
  readonly gridMad = new Float64Array(G4);

  /** The same pass in WebAssembly SIMD over pictures of the kernel's (null: JavaScript only). */
  private readonly kernel: PictureKernel | null;

  constructor(kernel: PictureKernel | null = null) {
    this.kernel = kernel;
  }

  compute(cur: Picture, s1: Picture, s2: Picture, s4: Picture): void {
    if (this.kernel !== null) {
      this.kernel.differences(cur, s1, s2, s4, this);
      return;
    }
    const { luma, edge, dil } = cur;
    const l1 = s1.luma;
    const l2 = s2.luma;
    const l4 = s4.luma;
    const e1 = s1.edge;
    const dil1 = s1.dil;
    const gridMad = this.gridMad;
    gridMad.fill(0);
    let mad1 = 0;
    let mad2 = 0;
    let mad4 = 0;
    let x1 = 0;
    let x4 = 0;
    let entering = 0;
    let exiting = 0;
    // Cell by cell of the 4x4 grid along each row, its sum kept in a local (the same additions, in the same order).
    for (let p = 0; p < COARSE_H * COARSE_W; ) {
      const cell = G4_INDEX[p];
      let cellMad = gridMad[cell];
      for (const end = p + G4_CELL_W; p < end; p++) {
        const l = luma[p];
        const a = l1[p];
        const d1 = Math.abs(l - a);
        mad1 += d1;
        cellMad += d1;
        mad2 += Math.abs(l - l2[p]);
        mad4 += Math.abs(l - l4[p]);
        x1 += l * a;
        x4 += l * l4[p];
        entering += edge[p] & (dil1[p] ^ 1);
        exiting += e1[p] & (dil[p] ^ 1);
      }
      gridMad[cell] = cellMad;
    }
    this.mad1 = mad1;
    this.mad2 = mad2;
    this.mad4 = mad4;
    this.x1 = x1;
    this.x4 = x4;
    this.entering = entering;
    this.exiting = exiting;
  }
}
