import { frameBytes } from '../decode/frameBytes.js';
import type { FeatureSpec, Frame } from '../types.js';
import { COARSE_H, COARSE_W, DEFAULT_FEATURE_SPEC, FW_V2, FW_V4, checkFeatureSpec, featureNames, featureSpecNamed } from './featureSpec.js';
import { rgbToYuv420p } from './rgbToYuv420p.js';

/** Thumbnail pixel count. */
const N = COARSE_W * COARSE_H;
/** Ring of per-frame summaries: t, t-1 .. t-4. */
const RING = 5;
const HIST_BINS = 64;
const G4 = 16;
const G16 = 144;
/** Thumbnail luma below/above which a pixel counts as near-black/near-white. */
const BLACK_T = 0.1;
const WHITE_T = 0.9;
/** Gradient (|dx|+|dy| of luma in [0,1]) above which a thumbnail pixel is an edge. */
const EDGE_T = 0.1;
/** Regularises correlations so that two uniform pictures correlate at 1 instead of 0/0. */
const CORR_EPS = 1e-4;
/** Chroma offset of each 4-level histogram bin edge around neutral grey (128): <-24, <0, <24, rest. */
const CHROMA_BIN = 24;
/** Block-motion thumbnail: 32x18 luma (2x2 means of the 64x36 one), 4x3 blocks of 8x6, search ±3. */
const MW = COARSE_W / 2;
const MH = COARSE_H / 2;
const MN = MW * MH;
const BW = 8;
const BH = 6;
const BLOCKS_X = MW / BW;
const BLOCKS = BLOCKS_X * (MH / BH);
const R = 3;
/** Padded (edge-replicated) width and height of the motion thumbnail, so shifted reads need no bounds checks. */
const PW = MW + 2 * R;
const PH = MH + 2 * R;
/** Mean absolute luma error (0-1) above which a block counts as unexplained by motion. */
const MC_BAD_T = 0.05;
/** Floor added before taking logs: below the change that noise and compression leave on a static shot. */
const LOG_FLOOR = 1e-3;
/** Frames before t the `rise_*` features compare against. */
const RISE_SPAN = 4;
/** Positions in the vector of the fw-v2 values the fw-v3 and fw-v4 features transform. */
const NAMES = featureNames(featureSpecNamed(FW_V2));
const AT = {
  mad1: NAMES.indexOf('mad_1'),
  mad2: NAMES.indexOf('mad_2'),
  mad4: NAMES.indexOf('mad_4'),
  mad16: NAMES.indexOf('mad16_1'),
  mad16_2: NAMES.indexOf('mad16_2'),
  mad16_4: NAMES.indexOf('mad16_4'),
  corr1: NAMES.indexOf('corr_1'),
  corr16: NAMES.indexOf('corr16_1'),
  hist1: NAMES.indexOf('hist_1'),
  grid: NAMES.indexOf('grid_mad1_r0c0'),
  mc: NAMES.indexOf('mc_mad'),
};

/** What is kept of one frame for later comparisons. Preallocated, reused round the ring. */
class FrameSummary {
  /** [COARSE_H * COARSE_W] thumbnail luma in [0,1], row-major. */
  readonly luma = new Float32Array(N);
  /** [64] normalised 4x4x4 RGB histogram (sums to 1). */
  readonly hist = new Float32Array(HIST_BINS);
  /** [9 * 16] mean luma of the 16x9 grid, row-major. */
  readonly g16 = new Float32Array(G16);
  /** [4 * 4] mean luma of the 4x4 grid, row-major. */
  readonly g4 = new Float32Array(G4);
  /** [N] 1 where the thumbnail has an edge. */
  readonly edge = new Uint8Array(N);
  /** [N] edge map dilated by one pixel (3x3). */
  readonly dil = new Uint8Array(N);
  /** [PH * PW] 32x18 luma with a 3-pixel replicated border, row-major. */
  readonly small = new Float32Array(PH * PW);
  /** [BLOCKS] best horizontal shift of each block vs the frame before. */
  readonly shiftX = new Int8Array(BLOCKS);
  /** [BLOCKS] best vertical shift of each block vs the frame before. */
  readonly shiftY = new Int8Array(BLOCKS);
  mean = 0;
  variance = 0;
  edges = 0;

  copyFrom(o: FrameSummary): void {
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
  }
}

/** [N] grid cell of each thumbnail pixel, for a grid of gw x gh cells that divides the thumbnail evenly. */
function gridIndex(gw: number, gh: number): Uint8Array {
  const idx = new Uint8Array(N);
  for (let y = 0; y < COARSE_H; y++) {
    for (let x = 0; x < COARSE_W; x++) {
      idx[y * COARSE_W + x] = Math.floor((y * gh) / COARSE_H) * gw + Math.floor((x * gw) / COARSE_W);
    }
  }
  return idx;
}
const G4_INDEX = gridIndex(4, 4);
const G16_INDEX = gridIndex(16, 9);
const G4_PIXELS = N / G4;
const G16_PIXELS = N / G16;

/** [cells + 1] source boundaries so that cell c covers [b[c], b[c+1]) — never empty, even upsampling. */
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

/** A change measure on a log scale, floored below the change noise and compression leave. */
function logChange(v: number): number {
  return Math.log(Math.max(0, v) + LOG_FLOOR);
}

function correlation(cov: number, va: number, vb: number): number {
  const r = (cov + CORR_EPS) / Math.sqrt((va + CORR_EPS) * (vb + CORR_EPS));
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Sum of |cur - prev shifted by (dx, dy)| over one 8x6 block of the padded motion thumbnails. Stops once
 * the sum reaches `limit` (the best so far: this shift has lost), which skips most of the search.
 */
function blockSad(cur: Float32Array, prev: Float32Array, bx: number, by: number, dx: number, dy: number, limit: number): number {
  let sad = 0;
  for (let y = 0; y < BH && sad < limit; y++) {
    const c = (by * BH + y + R) * PW + bx * BW + R;
    const p = c + dy * PW + dx;
    for (let x = 0; x < BW; x++) sad += Math.abs(cur[c + x] - prev[p + x]);
  }
  return sad;
}

/**
 * Computes the fw-v2, fw-v3 or fw-v4 feature vector of each frame (names in featureSpec.ts). Holds the history of the
 * previous frames (t-1, t-2, t-4) in preallocated buffers; the first frame stands in for the missing
 * history, so its differences are 0 (and it counts as an exact repeat of itself).
 * Frames are yuv420p (rgb24 frames, e.g. from the browser camera, are converted first) of any size
 * (normally the spec's): buffers are resized, and history reset, when it changes.
 */
export class FeatureExtractor {
  readonly spec: FeatureSpec;
  private readonly ring: FrameSummary[] = [];
  private head = 0;
  private seen = 0;
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
  /** [frameBytes] previous frame's Y, U and V bytes, for the exact-repeat features. */
  private prev = new Uint8Array(0);
  /** [frameBytes] rgb24 frames converted to yuv420p. */
  private converted = new Uint8Array(0);
  /** [repCols] end (exclusive) of the Y columns of each column of the (up to) 16x9 grid. */
  private repColEnd = new Int32Array(0);
  /** [height] row of the (up to) 16x9 grid each Y row falls in. */
  private repRow = new Uint8Array(0);
  private repCols = 1;
  private repCells = 1;
  /** [repCells] non-zero if any Y byte of that cell changed vs t-1. */
  private readonly repChanged = new Uint8Array(G16);
  /** [256] count of bytes per |difference| vs t-1. */
  private readonly diffHist = new Int32Array(256);
  /** [16] per-cell sum of |luma_t - luma_t-1|. */
  private readonly gridMad = new Float64Array(G4);
  /** [N] scratch for the separable dilation. */
  private readonly tmp = new Uint8Array(N);
  /** [RISE_SPAN * 3] log_mad_1, log_grid_mad1_max and log_mc_mad of the frames before, round a ring. */
  private readonly riseHistory = new Float64Array(RISE_SPAN * 3);
  /** [3] this frame's log_mad_1, log_grid_mad1_max and log_mc_mad. */
  private readonly rising = new Float64Array(3);
  /** [RISE_SPAN * 16] log change of each 4x4 cell in the frames before, round a ring (fw-v4). */
  private readonly cellHistory = new Float64Array(RISE_SPAN * G4);

  constructor(spec: FeatureSpec = DEFAULT_FEATURE_SPEC) {
    checkFeatureSpec(spec);
    this.spec = spec;
    for (let i = 0; i < RING; i++) this.ring.push(new FrameSummary());
  }

  /** Forgets the history: the next frame is treated as the first. */
  reset(): void {
    this.seen = 0;
    this.head = 0;
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
    this.prev = new Uint8Array(frameBytes('yuv420p', w, h));
    this.converted = new Uint8Array(this.prev.length);
    // Static-cell grid at full size: 16x9, or fewer cells on frames too small for that.
    this.repCols = Math.min(16, w);
    const repRows = Math.min(9, h);
    this.repCells = this.repCols * repRows;
    this.repColEnd = new Int32Array(this.repCols);
    this.repRow = new Uint8Array(h);
    for (let x = 0; x < w; x++) this.repColEnd[Math.floor((x * this.repCols) / w)] = x + 1;
    for (let y = 0; y < h; y++) this.repRow[y] = Math.floor((y * repRows) / h);
    this.reset();
  }

  /** Returns a new [spec.dim] vector for this frame and records the frame as history. */
  extract(frame: Frame): Float32Array {
    const { width: w, height: h, format } = frame;
    if (frame.data.length !== frameBytes(format, w, h)) {
      throw new RangeError(`frame ${frame.index}: ${frame.data.length} bytes is not ${w}x${h} ${format}`);
    }
    if (w !== this.width || h !== this.height) this.resize(w, h);
    const data = format === 'yuv420p' ? frame.data : rgbToYuv420p(frame.data, w, h, this.converted);
    const first = this.seen === 0;
    if (first) this.prev.set(data);
    const cw = Math.ceil(w / 2);
    const ch = Math.ceil(h / 2);
    const uBase = w * h;
    const vBase = uBase + cw * ch;

    // Exact-repeat statistics on raw bytes at full analysis size. A histogram of |byte difference|
    // keeps the loops free of branches; max and counts are read off it afterwards. Math.abs (not `d < 0 ? -d : d`)
    // because V8 compiles it to branch-free integer code: the sign of noisy differences is unpredictable,
    // and the mispredicted branches cost ~40% of the extractor's time.
    const prev = this.prev;
    const repChanged = this.repChanged;
    const diffHist = this.diffHist;
    const repColEnd = this.repColEnd;
    const repRow = this.repRow;
    const repCols = this.repCols;
    repChanged.fill(0);
    diffHist.fill(0);
    for (let y = 0, i = 0; y < h; y++) {
      const cellRow = repRow[y] * repCols;
      // Cell by cell along the row, so that "changed" is ORed in a local, not read-modified-written per pixel.
      for (let c = 0, x = 0; c < repCols; c++) {
        let cellChanged = 0;
        for (const end = repColEnd[c]; x < end; x++, i++) {
          const a = Math.abs(data[i] - prev[i]);
          diffHist[a]++;
          cellChanged |= a;
        }
        repChanged[cellRow + c] |= cellChanged;
      }
    }
    for (let i = uBase, e = data.length; i < e; i++) diffHist[Math.abs(data[i] - prev[i])]++;
    let repMax = 255;
    while (repMax > 0 && diffHist[repMax] === 0) repMax--;
    const bytes = data.length;
    const changed = bytes - diffHist[0];
    const changed2 = changed - diffHist[1] - diffHist[2];
    prev.set(data);
    let staticCells = 0;
    for (let c = 0; c < this.repCells; c++) staticCells += repChanged[c] === 0 ? 1 : 0;

    // Area-average Y and the chroma planes into the 64x36 thumbnail.
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
    } else {
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

    // Per-frame summary: luma, histogram, grids, appearance statistics.
    const cur = this.ring[this.head];
    const luma = cur.luma;
    const hist = cur.hist;
    const g4 = cur.g4;
    const g16 = cur.g16;
    hist.fill(0);
    g4.fill(0);
    g16.fill(0);
    let sum = 0;
    let sumSq = 0;
    let black = 0;
    let white = 0;
    let sat = 0;
    for (let p = 0; p < N; p++) {
      // Limited range: Y 16-235 is black to white, chroma 128 is neutral with ±112 of excursion.
      const l = (sums[p * 3] * this.inv[p] - 16) / 219;
      const u = sums[p * 3 + 1] * this.cinv[p] - 128;
      const v = sums[p * 3 + 2] * this.cinv[p] - 128;
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
      hist[lb * 16 + ub * 4 + vb] += 1;
      g4[G4_INDEX[p]] += l;
      g16[G16_INDEX[p]] += l;
    }
    for (let i = 0; i < HIST_BINS; i++) hist[i] /= N;
    for (let i = 0; i < G4; i++) g4[i] /= G4_PIXELS;
    for (let i = 0; i < G16; i++) g16[i] /= G16_PIXELS;
    const mean = sum / N;
    cur.mean = mean;
    cur.variance = Math.max(0, sumSq / N - mean * mean);

    // Edges: forward-difference gradient, then a separable 3x3 dilation.
    const edge = cur.edge;
    let edges = 0;
    for (let y = 0, p = 0; y < COARSE_H; y++) {
      for (let x = 0; x < COARSE_W; x++, p++) {
        const l = luma[p];
        const gx = x + 1 < COARSE_W ? Math.abs(luma[p + 1] - l) : 0;
        const gy = y + 1 < COARSE_H ? Math.abs(luma[p + COARSE_W] - l) : 0;
        const e = gx + gy > EDGE_T ? 1 : 0;
        edge[p] = e;
        edges += e;
      }
    }
    cur.edges = edges;
    const tmp = this.tmp;
    const dil = cur.dil;
    for (let y = 0, p = 0; y < COARSE_H; y++) {
      for (let x = 0; x < COARSE_W; x++, p++) {
        tmp[p] = edge[p] | (x > 0 ? edge[p - 1] : 0) | (x + 1 < COARSE_W ? edge[p + 1] : 0);
      }
    }
    for (let y = 0, p = 0; y < COARSE_H; y++) {
      for (let x = 0; x < COARSE_W; x++, p++) {
        dil[p] = tmp[p] | (y > 0 ? tmp[p - COARSE_W] : 0) | (y + 1 < COARSE_H ? tmp[p + COARSE_W] : 0);
      }
    }

    // The 32x18 motion thumbnail, with its border replicated R pixels out.
    const small = cur.small;
    for (let y = 0; y < PH; y++) {
      const sy = Math.min(MH - 1, Math.max(0, y - R)) * 2;
      for (let x = 0; x < PW; x++) {
        const p = sy * COARSE_W + Math.min(MW - 1, Math.max(0, x - R)) * 2;
        small[y * PW + x] = (luma[p] + luma[p + 1] + luma[p + COARSE_W] + luma[p + COARSE_W + 1]) * 0.25;
      }
    }

    if (first) {
      for (let i = 0; i < RING; i++) if (i !== this.head) this.ring[i].copyFrom(cur);
    }
    const s1 = this.ring[(this.head + RING - 1) % RING];
    const s2 = this.ring[(this.head + RING - 2) % RING];
    const s4 = this.ring[(this.head + RING - 4) % RING];

    // Block motion vs t-1: each block's best shift within ±R (no shift wins ties).
    let mcSad = 0;
    let zeroSad = 0;
    let bad = 0;
    let shift = 0;
    let jitter = 0;
    for (let b = 0; b < BLOCKS; b++) {
      const bx = b % BLOCKS_X;
      const by = (b - bx) / BLOCKS_X;
      let best = blockSad(small, s1.small, bx, by, 0, 0, Infinity);
      let bdx = 0;
      let bdy = 0;
      zeroSad += best;
      for (let dy = -R; dy <= R; dy++) {
        for (let dx = -R; dx <= R; dx++) {
          if (dx === 0 && dy === 0) continue;
          const sad = blockSad(small, s1.small, bx, by, dx, dy, best);
          if (sad < best) {
            best = sad;
            bdx = dx;
            bdy = dy;
          }
        }
      }
      mcSad += best;
      if (best / (BW * BH) > MC_BAD_T) bad++;
      shift += Math.abs(bdx) + Math.abs(bdy);
      jitter += Math.abs(bdx - s1.shiftX[b]) + Math.abs(bdy - s1.shiftY[b]);
      cur.shiftX[b] = bdx;
      cur.shiftY[b] = bdy;
    }

    // Differences against history.
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
    for (let p = 0; p < N; p++) {
      const l = luma[p];
      const a = l1[p];
      const d1 = Math.abs(l - a);
      mad1 += d1;
      gridMad[G4_INDEX[p]] += d1;
      mad2 += Math.abs(l - l2[p]);
      mad4 += Math.abs(l - l4[p]);
      x1 += l * a;
      x4 += l * l4[p];
      entering += edge[p] & (dil1[p] ^ 1);
      exiting += e1[p] & (dil[p] ^ 1);
    }

    const out = new Float32Array(this.spec.dim);
    let o = 0;
    out[o++] = mean;
    out[o++] = Math.sqrt(cur.variance);
    out[o++] = black / N;
    out[o++] = white / N;
    out[o++] = sat / N;
    out[o++] = edges / N;
    out[o++] = mean - s1.mean;
    out[o++] = mean - s2.mean;
    out[o++] = mean - s4.mean;
    out[o++] = mad1 / N;
    out[o++] = mad2 / N;
    out[o++] = mad4 / N;
    for (const s of [s1, s2, s4]) {
      let d = 0;
      for (let i = 0; i < G16; i++) d += Math.abs(g16[i] - s.g16[i]);
      out[o++] = d / G16;
    }
    out[o++] = correlation(x1 / N - mean * s1.mean, cur.variance, s1.variance);
    out[o++] = correlation(x4 / N - mean * s4.mean, cur.variance, s4.variance);
    {
      // Correlation of the 16x9 grids: structure of the picture, blind to fine motion and noise.
      const b = s1.g16;
      let ma = 0;
      let mb = 0;
      for (let i = 0; i < G16; i++) {
        ma += g16[i];
        mb += b[i];
      }
      ma /= G16;
      mb /= G16;
      let cab = 0;
      let va = 0;
      let vb = 0;
      for (let i = 0; i < G16; i++) {
        const da = g16[i] - ma;
        const db = b[i] - mb;
        cab += da * db;
        va += da * da;
        vb += db * db;
      }
      out[o++] = correlation(cab / G16, va / G16, vb / G16);
    }
    for (const s of [s1, s2, s4]) {
      let d = 0;
      for (let i = 0; i < HIST_BINS; i++) d += Math.abs(hist[i] - s.hist[i]);
      out[o++] = d / 2;
    }
    out[o++] = Math.max(edges > 0 ? entering / edges : 0, s1.edges > 0 ? exiting / s1.edges : 0);
    for (let i = 0; i < G4; i++) out[o++] = g4[i];
    for (let i = 0; i < G4; i++) out[o++] = gridMad[i] / G4_PIXELS;
    for (let i = 0; i < G4; i++) out[o++] = g4[i] - s4.g4[i];
    out[o++] = repMax / 255;
    out[o++] = changed / bytes;
    out[o++] = changed2 / bytes;
    out[o++] = repMax === 0 ? 1 : 0;
    out[o++] = staticCells / this.repCells;
    out[o++] = mcSad / MN;
    // How much of the plain difference motion explains away (1: none of it), kept finite on static frames.
    out[o++] = (mcSad + 1e-3) / (zeroSad + 1e-3);
    out[o++] = bad / BLOCKS;
    out[o++] = shift / (BLOCKS * 2 * R);
    out[o++] = jitter / (BLOCKS * 4 * R);
    if (this.spec.name !== FW_V2) o = this.writeLogFeatures(out, o);
    if (this.spec.name === FW_V4) o = this.writeV4Features(out, o);
    if (o !== out.length) throw new Error(`${this.spec.name} wrote ${o} of ${out.length} features`); // layout vs featureNames

    this.head = (this.head + 1) % RING;
    this.seen++;
    return out;
  }

  /** Appends the fw-v3 features, computed from the fw-v2 ones already in `out`, and records their history. */
  private writeLogFeatures(out: Float32Array, o: number): number {
    let gridMax = 0;
    for (let i = 0; i < G4; i++) gridMax = Math.max(gridMax, out[AT.grid + i]);
    const rising = this.rising;
    rising[0] = logChange(out[AT.mad1]);
    rising[1] = logChange(gridMax);
    rising[2] = logChange(out[AT.mc]);
    out[o++] = rising[0];
    out[o++] = logChange(out[AT.mad16]);
    out[o++] = logChange(1 - out[AT.corr1]);
    out[o++] = logChange(1 - out[AT.corr16]);
    out[o++] = logChange(out[AT.hist1]);
    out[o++] = rising[1];
    out[o++] = rising[2];
    const h = this.riseHistory;
    const n = Math.min(this.seen, RISE_SPAN);
    const slot = (this.seen % RISE_SPAN) * 3;
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += h[j * 3 + k];
      out[o++] = n > 0 ? rising[k] - sum / n : 0;
    }
    for (let k = 0; k < 3; k++) h[slot + k] = rising[k];
    return o;
  }

  /** Appends the fw-v4 features (after the fw-v3 ones; the frame count is not yet advanced). */
  private writeV4Features(out: Float32Array, o: number): number {
    out[o++] = logChange(out[AT.mad2]);
    out[o++] = logChange(out[AT.mad4]);
    out[o++] = logChange(out[AT.mad16_2]);
    out[o++] = logChange(out[AT.mad16_4]);
    const h = this.cellHistory;
    const n = Math.min(this.seen, RISE_SPAN);
    const slot = (this.seen % RISE_SPAN) * G4;
    let rise = n > 0 ? -Infinity : 0;
    for (let c = 0; c < G4; c++) {
      const cur = logChange(out[AT.grid + c]);
      if (n > 0) {
        let before = -Infinity;
        for (let j = 0; j < n; j++) before = Math.max(before, h[j * G4 + c]);
        rise = Math.max(rise, cur - before);
      }
      h[slot + c] = cur;
    }
    out[o++] = rise;
    return o;
  }
}
