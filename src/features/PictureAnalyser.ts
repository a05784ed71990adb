import type { Picture } from './Picture.js';
import { PictureKernel } from './wasm/PictureKernel.js';
import {
  COARSE_H,
  COARSE_W,
  G16,
  G16_INDEX,
  G16_PIXELS,
  G4,
  G4_INDEX,
  G4_PIXELS,
  HIST_BINS,
  MOTION_H,
  MOTION_PH,
  MOTION_PW,
  MOTION_R,
  MOTION_W,
  THUMB_PIXELS,
} from './thumbnail.js';

const N = THUMB_PIXELS;
/** Columns of the 4x4 grid; 16x9 cells per 4x4 cell along a row; thumbnail pixels per 16x9 cell along a row. */
const G4_COLS = 4;
const G16_PER_G4 = 16 / G4_COLS;
const G16_CELL_W = COARSE_W / 16;
/** Thumbnail luma below/above which a pixel counts as near-black/near-white. */
const BLACK_T = 0.1;
const WHITE_T = 0.9;
/** Gradient (|dx|+|dy| of luma in [0,1]) above which a thumbnail pixel is an edge. */
const EDGE_T = 0.1;
/** Chroma offset of each 4-level histogram bin edge around neutral grey (128): <-24, <0, <24, rest. */
const CHROMA_BIN = 24;

/** [cells] source ranges so that cell c covers [start[c], end[c]) — never empty, even upsampling. */
function cellRanges(src: number, cells: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(cells);
  const end = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    const s = Math.min(src - 1, Math.floor((c * src) / cells));
    start[c] = s;
    end[c] = Math.max(s + 1, Math.floor(((c + 1) * src) / cells));
  }
  return { start, end };
}

/**
 * Makes a frame's analysis pictures (thumbnail luma, histogram, grids, edges, motion thumbnail) and summary
 * statistics from its yuv420p bytes, into a preallocated Picture. Keeps the sampling tables of the last frame size.
 */
export class PictureAnalyser {
  private width = 0;
  private height = 0;
  // Thumbnail sampling: thumbnail column cx averages Y columns [colStart[cx], colEnd[cx]), and chroma
  // columns [ccolStart[cx], ccolEnd[cx]) (rows likewise).
  private colStart: Int32Array = new Int32Array(0);
  private colEnd: Int32Array = new Int32Array(0);
  private rowStart: Int32Array = new Int32Array(0);
  private rowEnd: Int32Array = new Int32Array(0);
  private ccolStart: Int32Array = new Int32Array(0);
  private ccolEnd: Int32Array = new Int32Array(0);
  private crowStart: Int32Array = new Int32Array(0);
  private crowEnd: Int32Array = new Int32Array(0);
  /** [N] thumbnail sums of Y, U and V, interleaved: [N * 3]. */
  private readonly sums = new Float64Array(N * 3);
  /** [N] 1 / number of Y pixels averaged into each thumbnail pixel. */
  private readonly inv = new Float64Array(N);
  /** [N] 1 / number of chroma pixels averaged into each thumbnail pixel. */
  private readonly cinv = new Float64Array(N);
  /** [HIST_BINS] histogram counts. */
  private readonly counts = new Int32Array(HIST_BINS);
  /** [N] scratch for the separable dilation. */
  private readonly tmp = new Uint8Array(N);
  /**
   * The same pass in WebAssembly SIMD, for frames of the spec's size into pictures of the kernel's (null:
   * JavaScript only).
   */
  private readonly kernel: PictureKernel | null;

  constructor(kernel: PictureKernel | null = null) {
    this.kernel = kernel;
  }

  private resize(w: number, h: number): void {
    this.width = w;
    this.height = h;
    const cw = Math.ceil(w / 2);
    const ch = Math.ceil(h / 2);
    ({ start: this.colStart, end: this.colEnd } = cellRanges(w, COARSE_W));
    ({ start: this.rowStart, end: this.rowEnd } = cellRanges(h, COARSE_H));
    ({ start: this.ccolStart, end: this.ccolEnd } = cellRanges(cw, COARSE_W));
    ({ start: this.crowStart, end: this.crowEnd } = cellRanges(ch, COARSE_H));
    for (let cy = 0; cy < COARSE_H; cy++) {
      for (let cx = 0; cx < COARSE_W; cx++) {
        const p = cy * COARSE_W + cx;
        this.inv[p] = 1 / ((this.rowEnd[cy] - this.rowStart[cy]) * (this.colEnd[cx] - this.colStart[cx]));
        this.cinv[p] = 1 / ((this.crowEnd[cy] - this.crowStart[cy]) * (this.ccolEnd[cx] - this.ccolStart[cx]));
      }
    }
  }

  /** Fills `pic` from a w x h yuv420p frame (all of it but the motion shifts, which compare with the frame before). */
  analyse(data: Uint8Array, w: number, h: number, pic: Picture): void {
    const kernel = this.kernel;
    if (kernel !== null && w === PictureKernel.width && h === PictureKernel.height) {
      kernel.analyse(data, pic);
      this.finish(pic, kernel.counts, kernel.sum, kernel.sumSq, kernel.black, kernel.white, kernel.sat);
      pic.edges = kernel.edges;
      return;
    }
    if (w !== this.width || h !== this.height) this.resize(w, h);
    this.thumbnailSums(data, w, h);
    this.summarise(pic);
    this.findEdges(pic);
    this.motionThumbnail(pic);
  }

  /** Area-averages Y and the chroma planes into the 64x36 thumbnail (sums; `inv`/`cinv` make them means). */
  private thumbnailSums(data: Uint8Array, w: number, h: number): void {
    const cw = Math.ceil(w / 2);
    const ch = Math.ceil(h / 2);
    const uBase = w * h;
    const vBase = uBase + cw * ch;
    const sums = this.sums;
    if (w === 2 * COARSE_W && h === 2 * COARSE_H) {
      // The spec's own size (every frame from the decoder): 2x2 luma and 1x1 chroma per thumbnail pixel, summed
      // without the general loops below — the same integer sums.
      for (let cy = 0, p = 0; cy < COARSE_H; cy++) {
        const r0 = 2 * cy * w;
        const r1 = r0 + w;
        const c = cy * cw;
        for (let cx = 0; cx < COARSE_W; cx++, p++) {
          const i = 2 * cx;
          const k = p * 3;
          sums[k] = data[r0 + i] + data[r0 + i + 1] + data[r1 + i] + data[r1 + i + 1];
          sums[k + 1] = data[uBase + c + cx];
          sums[k + 2] = data[vBase + c + cx];
        }
      }
      return;
    }
    const { rowStart, rowEnd, colStart, colEnd, crowStart, crowEnd, ccolStart, ccolEnd } = this;
    for (let cy = 0, p = 0; cy < COARSE_H; cy++) {
      const y0 = rowStart[cy];
      const y1 = rowEnd[cy];
      const v0 = crowStart[cy];
      const v1 = crowEnd[cy];
      for (let cx = 0; cx < COARSE_W; cx++, p++) {
        let l = 0;
        for (let y = y0; y < y1; y++) {
          for (let i = y * w + colStart[cx], e = y * w + colEnd[cx]; i < e; i++) l += data[i];
        }
        let u = 0;
        let v = 0;
        for (let y = v0; y < v1; y++) {
          for (let i = y * cw + ccolStart[cx], e = y * cw + ccolEnd[cx]; i < e; i++) {
            u += data[uBase + i];
            v += data[vBase + i];
          }
        }
        const k = p * 3;
        sums[k] = l;
        sums[k + 1] = u;
        sums[k + 2] = v;
      }
    }
  }

  /**
   * Thumbnail luma, histogram, grids and appearance statistics, in one pass over the thumbnail, cell by cell of the
   * two grids along each row: each cell's sum is kept in a local while its pixels are added (in the same order,
   * rounded to float32 after each addition as a Float32Array element would be), not read and written per pixel.
   */
  private summarise(pic: Picture): void {
    const { sums, inv, cinv, counts } = this;
    const { luma, g4, g16 } = pic;
    counts.fill(0);
    g4.fill(0);
    g16.fill(0);
    let sum = 0;
    let sumSq = 0;
    let black = 0;
    let white = 0;
    let sat = 0;
    for (let y = 0, p = 0; y < COARSE_H; y++) {
      const row4 = G4_INDEX[y * COARSE_W];
      const row16 = G16_INDEX[y * COARSE_W];
      for (let c4 = 0; c4 < G4_COLS; c4++) {
        let a4 = g4[row4 + c4];
        for (let c16 = c4 * G16_PER_G4; c16 < (c4 + 1) * G16_PER_G4; c16++) {
          let a16 = g16[row16 + c16];
          for (const end = p + G16_CELL_W; p < end; p++) {
            // Limited range: Y 16-235 is black to white, chroma 128 is neutral with ±112 of excursion.
            const l = (sums[p * 3] * inv[p] - 16) / 219;
            const u = sums[p * 3 + 1] * cinv[p] - 128;
            const v = sums[p * 3 + 2] * cinv[p] - 128;
            luma[p] = l;
            sum += l;
            sumSq += l * l;
            if (l < BLACK_T) black++;
            else if (l > WHITE_T) white++;
            const chroma = Math.sqrt(u * u + v * v) / 112;
            sat += chroma < 1 ? chroma : 1;
            const lb = l <= 0 ? 0 : l >= 0.999 ? 3 : (l * 4) | 0;
            const ub = u < -CHROMA_BIN ? 0 : u < 0 ? 1 : u < CHROMA_BIN ? 2 : 3;
            const vb = v < -CHROMA_BIN ? 0 : v < 0 ? 1 : v < CHROMA_BIN ? 2 : 3;
            counts[lb * 16 + ub * 4 + vb]++;
            a4 = Math.fround(a4 + l);
            a16 = Math.fround(a16 + l);
          }
          g16[row16 + c16] = a16;
        }
        g4[row4 + c4] = a4;
      }
    }
    this.finish(pic, counts, sum, sumSq, black, white, sat);
  }

  /** The histogram, grid means and statistics from the pass's counts and sums. */
  private finish(pic: Picture, counts: Int32Array, sum: number, sumSq: number, black: number, white: number, sat: number): void {
    const { hist, g4, g16 } = pic;
    for (let i = 0; i < HIST_BINS; i++) hist[i] = counts[i] / N;
    for (let i = 0; i < G4; i++) g4[i] /= G4_PIXELS;
    for (let i = 0; i < G16; i++) g16[i] /= G16_PIXELS;
    const mean = sum / N;
    pic.mean = mean;
    pic.variance = Math.max(0, sumSq / N - mean * mean);
    pic.black = black;
    pic.white = white;
    pic.sat = sat;
  }

  /**
   * Edges: forward-difference gradient, then a separable 3x3 dilation. The last column and row, which have no
   * neighbour beyond them, are done outside the inner loops so that these need no bounds tests.
   */
  private findEdges(pic: Picture): void {
    const { luma, edge, dil } = pic;
    const W = COARSE_W;
    const H = COARSE_H;
    let edges = 0;
    for (let y = 0, p = 0; y < H; y++, p++) {
      const below = y + 1 < H ? W : 0;
      for (let x = 1; x < W; x++, p++) {
        const l = luma[p];
        const e = Math.abs(luma[p + 1] - l) + Math.abs(luma[p + below] - l) > EDGE_T ? 1 : 0;
        edge[p] = e;
        edges += e;
      }
      // Last column: no gradient across (and on the last row, `below` is the pixel itself: no gradient down).
      const e = Math.abs(luma[p + below] - luma[p]) > EDGE_T ? 1 : 0;
      edge[p] = e;
      edges += e;
    }
    pic.edges = edges;
    const tmp = this.tmp;
    for (let y = 0, p = 0; y < H; y++) {
      tmp[p] = edge[p] | edge[p + 1];
      p++;
      for (let x = 2; x < W; x++, p++) tmp[p] = edge[p - 1] | edge[p] | edge[p + 1];
      tmp[p] = edge[p - 1] | edge[p];
      p++;
    }
    for (let p = 0; p < W; p++) dil[p] = tmp[p] | tmp[p + W];
    for (let p = W, e = (H - 1) * W; p < e; p++) dil[p] = tmp[p - W] | tmp[p] | tmp[p + W];
    for (let p = (H - 1) * W, e = H * W; p < e; p++) dil[p] = tmp[p - W] | tmp[p];
  }

  /** The 32x18 motion thumbnail, with its border replicated MOTION_R pixels out. */
  private motionThumbnail(pic: Picture): void {
    const { luma, small } = pic;
    const R = MOTION_R;
    for (let y = 0; y < MOTION_PH; y++) {
      const sy = Math.min(MOTION_H - 1, Math.max(0, y - R)) * 2;
      for (let x = 0; x < MOTION_PW; x++) {
        const p = sy * COARSE_W + Math.min(MOTION_W - 1, Math.max(0, x - R)) * 2;
        small[y * MOTION_PW + x] = (luma[p] + luma[p + 1] + luma[p + COARSE_W] + luma[p + COARSE_W + 1]) * 0.25;
      }
    }
  }
}
