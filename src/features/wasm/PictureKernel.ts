import type { BlockShifts } from '../blockShifts.js';
import { CELL_SHIFTS, FINE_SHIFTS, RX, RY, type GlobalShift, type Shift } from '../globalShift.js';
import { PICTURE_LAYOUT, Picture } from '../Picture.js';
import type { PictureDifferences } from '../PictureDifferences.js';
import { BLOCKS, COARSE_H, COARSE_W, G4, HIST_BINS, THUMB_PIXELS } from '../thumbnail.js';
import { MemoryAreas } from '../../wasm/MemoryAreas.js';
import { frameKernels, type FrameKernelsExports } from './frameKernels.js';

/** The frame size the analysis pass is written for: the spec's, 2x2 luma and 1x1 chroma per thumbnail pixel. */
const FRAME_W = 2 * COARSE_W;
const FRAME_H = 2 * COARSE_H;
const FRAME_BYTES = FRAME_W * FRAME_H + 2 * COARSE_W * COARSE_H;
const PAGE = 65536;

/**
 * The passes of PictureAnalyser (for a frame of the spec's size, 128x72 yuv420p), of PictureDifferences, of the
 * global-shift search (findGlobalShift) and of the block-motion search (findBlockShifts) in WebAssembly SIMD, with the
 * same float64 operations in the same order as the JavaScript, so the same bits. The analysis pictures live in the
 * instance's memory (`pictures`: views of it; the memory is sized once and never grows, so the views stay valid),
 * where the passes read and write them in place.
 */
export class PictureKernel {
  static readonly width = FRAME_W;
  static readonly height = FRAME_H;

  /** Pictures in this instance's memory: the only ones its passes take. */
  readonly pictures: readonly Picture[];
  /** Of the last analysis: the sums of luma, of luma² and of clipped saturation; near-black, near-white and edge pixels. */
  sum = 0;
  sumSq = 0;
  sat = 0;
  black = 0;
  white = 0;
  edges = 0;
  /** [HIST_BINS] histogram counts of the last analysis. */
  readonly counts: Int32Array;
  private readonly k: FrameKernelsExports;
  private readonly data: Uint8Array;
  private readonly dataAt: number;
  private readonly countsAt: number;
  private readonly tmpAt: number;
  private readonly gridAt: number;
  private readonly outAt: number;
  /** The global-shift search's shift tables (i32 x, y, rank each, in the order tried) and its results. */
  private readonly cellShiftsAt: number;
  private readonly fineShiftsAt: number;
  private readonly shiftAt: number;
  /** The block search's results (f64 SADs of the best shifts, then of no shift) and its scratch (56 f64: each shift's first row). */
  private readonly blocksAt: number;
  /** The passes' results: float64 sums, then the picture pass's three counts (after three sums) or the differences' two (after five). */
  private readonly sums: Float64Array;
  private readonly pictureCounts: Int32Array;
  private readonly edgeCounts: Int32Array;
  private readonly grid: Float64Array;
  /** The search's results: i32 x and y of the shift found (at 8 and 12 bytes), f64 mean and share left (at 24 and 32). */
  private readonly shiftInts: Int32Array;
  private readonly shiftSums: Float64Array;
  private readonly blockSads: Float64Array;
  private readonly blockUnshifted: Float64Array;

  private constructor(k: FrameKernelsExports, pictures: number) {
    this.k = k;
    // The first 64 bytes are left unused (no offset is 0); slack around the areas the vector loops read.
    const a = new MemoryAreas(64);
    this.outAt = a.take(48);
    this.dataAt = a.take(FRAME_BYTES, 16);
    this.countsAt = a.take(HIST_BINS * 4);
    this.gridAt = a.take(G4 * 8);
    this.tmpAt = a.take(THUMB_PIXELS, 16);
    this.cellShiftsAt = a.take(CELL_SHIFTS.length * 12);
    this.fineShiftsAt = a.take(FINE_SHIFTS.length * 12);
    this.shiftAt = a.take(40);
    this.blocksAt = a.take(2 * BLOCKS * 8 + 56 * 8);
    const first = a.end;
    const top = first + pictures * PICTURE_LAYOUT.bytes;
    const memory = k.memory;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / PAGE));
    const buffer = memory.buffer;
    this.data = new Uint8Array(buffer, this.dataAt, FRAME_BYTES);
    this.counts = new Int32Array(buffer, this.countsAt, HIST_BINS);
    this.grid = new Float64Array(buffer, this.gridAt, G4);
    this.sums = new Float64Array(buffer, this.outAt, 5);
    this.pictureCounts = new Int32Array(buffer, this.outAt + 24, 3);
    this.edgeCounts = new Int32Array(buffer, this.outAt + 40, 2);
    this.shiftInts = new Int32Array(buffer, this.shiftAt, 4);
    this.shiftSums = new Float64Array(buffer, this.shiftAt, 5);
    this.blockSads = new Float64Array(buffer, this.blocksAt, BLOCKS);
    this.blockUnshifted = new Float64Array(buffer, this.blocksAt + BLOCKS * 8, BLOCKS);
    const table = (at: number, shifts: readonly Shift[]): void =>
      new Int32Array(buffer, at, shifts.length * 3).set(shifts.flatMap((s) => [s.x, s.y, s.rank]));
    table(this.cellShiftsAt, CELL_SHIFTS);
    table(this.fineShiftsAt, FINE_SHIFTS);
    this.pictures = Array.from({ length: pictures }, (_, i) => new Picture(buffer, first + i * PICTURE_LAYOUT.bytes));
  }

  /** A new instance holding `pictures` pictures, or null where WebAssembly SIMD is not available. */
  static create(pictures: number): PictureKernel | null {
    const k = frameKernels();
    return k === null ? null : new PictureKernel(k, pictures);
  }

  /**
   * Analyses a 128x72 yuv420p frame into `pic` (one of `pictures`): its luma, edge, dil and small, and its g4 / g16
   * as running sums not yet divided; the histogram counts and the statistics are left here for the caller.
   */
  analyse(frame: Uint8Array, pic: Picture): void {
    const L = PICTURE_LAYOUT;
    const at = pic.at;
    this.data.set(frame);
    this.k.picture(this.dataAt, at + L.luma, this.countsAt, at + L.g4, at + L.g16, at + L.edge, at + L.dil, this.tmpAt, at + L.small, this.outAt);
    const f = this.sums;
    const n = this.pictureCounts;
    this.sum = f[0];
    this.sumSq = f[1];
    this.sat = f[2];
    this.black = n[0];
    this.white = n[1];
    this.edges = n[2];
  }

  /** `cur` against t-1, t-2 and t-4 (all of them `pictures`), into `diff`. */
  differences(cur: Picture, s1: Picture, s2: Picture, s4: Picture, diff: PictureDifferences): void {
    const L = PICTURE_LAYOUT;
    this.k.differences(cur.at + L.luma, s1.at + L.luma, s2.at + L.luma, s4.at + L.luma, cur.at + L.edge, cur.at + L.dil, s1.at + L.edge, s1.at + L.dil, this.gridAt, this.outAt);
    const f = this.sums;
    const i = this.edgeCounts;
    diff.mad1 = f[0];
    diff.mad2 = f[1];
    diff.mad4 = f[2];
    diff.x1 = f[3];
    diff.x4 = f[4];
    diff.entering = i[0];
    diff.exiting = i[1];
    diff.gridMad.set(this.grid);
  }

  /** The global shift of `cur` against `prev` (both `pictures`), into `out`: findGlobalShift's, to the bit. */
  globalShift(cur: Picture, prev: Picture, out: GlobalShift): void {
    const L = PICTURE_LAYOUT;
    this.k.globalShift(cur.at + L.luma, prev.at + L.luma, cur.at + L.g16, prev.at + L.g16, this.cellShiftsAt, CELL_SHIFTS.length, this.fineShiftsAt, FINE_SHIFTS.length, RX, RY, this.shiftAt);
    out.x = this.shiftInts[2];
    out.y = this.shiftInts[3];
    out.mad = this.shiftSums[3];
    out.bad = this.shiftSums[4];
  }

  /**
   * Each block's best shift of `cur` against `prev` (both `pictures`), recorded in `cur`, and its SADs into `out`:
   * findBlockShifts's, to the bit.
   */
  blockShifts(cur: Picture, prev: Picture, out: BlockShifts): void {
    const L = PICTURE_LAYOUT;
    this.k.blockShifts(cur.at + L.small, prev.at + L.small, cur.at + L.shiftX, cur.at + L.shiftY, this.blocksAt);
    out.sad.set(this.blockSads);
    out.unshifted.set(this.blockUnshifted);
  }
}
