import type { Picture } from '../Picture.js';
import { COARSE_H, COARSE_W, G16, G4, HIST_BINS, MOTION_PH, MOTION_PW, THUMB_PIXELS } from '../thumbnail.js';
import { frameKernels, type FrameKernelsExports } from './frameKernels.js';

/** The frame size the kernel is written for: the spec's, 2x2 luma and 1x1 chroma per thumbnail pixel. */
const FRAME_W = 2 * COARSE_W;
const FRAME_H = 2 * COARSE_H;
const FRAME_BYTES = FRAME_W * FRAME_H + 2 * COARSE_W * COARSE_H;

/**
 * PictureAnalyser's pass over a frame of the spec's size (128x72 yuv420p) in WebAssembly SIMD: thumbnail luma,
 * histogram counts, running grid sums, edges, their dilation and the motion thumbnail, with the same float64
 * operations in the same order as the JavaScript, so the same bits. The picture is made in the instance's memory
 * (fixed: it never grows, so the views below stay valid) and copied out.
 */
export class PictureKernel {
  static readonly width = FRAME_W;
  static readonly height = FRAME_H;

  /** Of the last frame: the sums of luma, of luma² and of clipped saturation; near-black, near-white and edge pixels. */
  sum = 0;
  sumSq = 0;
  sat = 0;
  black = 0;
  white = 0;
  edges = 0;
  private readonly run: () => void;
  private readonly data: Uint8Array;
  private readonly luma: Float32Array;
  /** [HIST_BINS] histogram counts. */
  readonly counts: Int32Array;
  /** [G4], [G16] running float32 sums of each grid cell (not yet divided). */
  private readonly g4: Float32Array;
  private readonly g16: Float32Array;
  private readonly edge: Uint8Array;
  private readonly dil: Uint8Array;
  private readonly small: Float32Array;
  private readonly outF64: Float64Array;
  private readonly outI32: Int32Array;

  private constructor(k: FrameKernelsExports) {
    const buffer = k.memory.buffer;
    let top = 64;
    /** The next `bytes`, 16-aligned, with 16 bytes of slack on each side for the vector loads at the ends. */
    const take = (bytes: number): number => {
      const at = top + 16;
      top = (at + bytes + 16 + 15) & ~15;
      return at;
    };
    const out = take(40);
    const data = take(FRAME_BYTES);
    const luma = take(THUMB_PIXELS * 4);
    const counts = take(HIST_BINS * 4);
    const g4 = take(G4 * 4);
    const g16 = take(G16 * 4);
    const edge = take(THUMB_PIXELS);
    const dil = take(THUMB_PIXELS);
    const tmp = take(THUMB_PIXELS);
    const small = take(MOTION_PH * MOTION_PW * 4);
    if (top > buffer.byteLength) throw new Error('frame kernels: memory too small for the picture'); // fixed sizes: a build error
    this.data = new Uint8Array(buffer, data, FRAME_BYTES);
    this.luma = new Float32Array(buffer, luma, THUMB_PIXELS);
    this.counts = new Int32Array(buffer, counts, HIST_BINS);
    this.g4 = new Float32Array(buffer, g4, G4);
    this.g16 = new Float32Array(buffer, g16, G16);
    this.edge = new Uint8Array(buffer, edge, THUMB_PIXELS);
    this.dil = new Uint8Array(buffer, dil, THUMB_PIXELS);
    this.small = new Float32Array(buffer, small, MOTION_PH * MOTION_PW);
    this.outF64 = new Float64Array(buffer, out, 3);
    this.outI32 = new Int32Array(buffer, out + 24, 3);
    this.run = () => k.picture(data, luma, counts, g4, g16, edge, dil, tmp, small, out);
  }

  /** A new instance, or null where WebAssembly SIMD is not available. */
  static create(): PictureKernel | null {
    const k = frameKernels();
    return k === null ? null : new PictureKernel(k);
  }

  /**
   * Analyses a 128x72 yuv420p frame into `pic`'s luma, edge, dil and small, leaving the histogram counts and the
   * grid sums (in `counts`, and copied into pic.g4 / pic.g16 undivided) and the statistics here for the caller.
   */
  analyse(frame: Uint8Array, pic: Picture): void {
    this.data.set(frame);
    this.run();
    pic.luma.set(this.luma);
    pic.g4.set(this.g4);
    pic.g16.set(this.g16);
    pic.edge.set(this.edge);
    pic.dil.set(this.dil);
    pic.small.set(this.small);
    const f = this.outF64;
    const i = this.outI32;
    this.sum = f[0];
    this.sumSq = f[1];
    this.sat = f[2];
    this.black = i[0];
    this.white = i[1];
    this.edges = i[2];
  }
}
