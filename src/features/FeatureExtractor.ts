import { frameBytes } from '../decode/frameBytes.js';
import type { FeatureSpec, Frame } from '../types.js';
import type { FeatureFrame } from './FeatureFrame.js';
import type { FeatureLayout } from './FeatureLayout.js';
import type { ExtractorOptions, StageWriter } from './FeatureStage.js';
import { DEFAULT_FEATURE_SPEC, checkFeatureSpec } from './featureSpec.js';
import { FEATURE_LAYOUTS } from './featureVersions.js';
import { Picture } from './Picture.js';
import { PictureAnalyser } from './PictureAnalyser.js';
import { PictureDifferences } from './PictureDifferences.js';
import { rgbToYuv420p } from './rgbToYuv420p.js';
import { PictureKernel } from './wasm/PictureKernel.js';

/** Ring of analysis pictures: t, t-1 .. t-4. */
const RING = 5;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Computes the feature vector of each frame for one extractor version (featureVersions.ts): analyses the frame
 * into pictures, keeps those of the frames before (t-1, t-2, t-4) round a preallocated ring, and runs the version's
 * stages in order, each writing its values at its place in the vector. The first frame stands in for the missing
 * history, so its differences are 0 (and it counts as an exact repeat of itself).
 * Frames are yuv420p (rgb24 frames, e.g. from the browser camera, are converted first) of any size (normally the
 * spec's): buffers are resized, and history reset, when it changes.
 */
export class FeatureExtractor {
  readonly spec: FeatureSpec;
  private readonly layout: FeatureLayout;
  private readonly writers: readonly StageWriter[];
  private readonly ring: Picture[];
  private readonly analyser: PictureAnalyser;
  private readonly frame: Mutable<FeatureFrame>;
  /** The frame's `lags`, refilled in place each frame. */
  private readonly lags: [Picture, Picture, Picture];
  private head = 0;
  private seen = 0;
  private width = 0;
  private height = 0;
  /** [frameBytes] rgb24 frames converted to yuv420p. */
  private converted = new Uint8Array(0);

  constructor(spec: FeatureSpec = DEFAULT_FEATURE_SPEC, options: ExtractorOptions = {}) {
    checkFeatureSpec(spec);
    this.spec = spec;
    const layout = FEATURE_LAYOUTS.get(spec.name);
    if (!layout) throw new Error(`no layout for ${spec.name}`); // checkFeatureSpec refused it already
    this.layout = layout;
    this.writers = layout.stages.map((stage) => stage.create(layout, options));
    // With WebAssembly SIMD the ring lies in the kernels' memory, where their passes read and write it in place.
    const kernel = options.wasm === false ? null : PictureKernel.create(RING);
    this.analyser = new PictureAnalyser(kernel);
    this.ring = kernel === null ? Array.from({ length: RING }, () => new Picture()) : [...kernel.pictures];
    const p = this.ring[0];
    this.lags = [p, p, p];
    this.frame = { data: new Uint8Array(0), width: 0, height: 0, seen: 0, cur: p, lag1: p, lag2: p, lag4: p, lags: this.lags, diff: new PictureDifferences(kernel), kernel };
  }

  /** Forgets the history: the next frame is treated as the first. */
  reset(): void {
    this.seen = 0;
    this.head = 0;
  }

  /** Returns a new [spec.dim] vector for this frame and records the frame as history. */
  extract(frame: Frame): Float32Array {
    const { width: w, height: h, format } = frame;
    if (frame.data.length !== frameBytes(format, w, h)) {
      throw new RangeError(`frame ${frame.index}: ${frame.data.length} bytes is not ${w}x${h} ${format}`);
    }
    if (w !== this.width || h !== this.height) {
      this.width = w;
      this.height = h;
      this.converted = new Uint8Array(frameBytes('yuv420p', w, h));
      this.reset();
    }
    const data = format === 'yuv420p' ? frame.data : rgbToYuv420p(frame.data, w, h, this.converted);

    const { ring, head } = this;
    const cur = ring[head];
    this.analyser.analyse(data, w, h, cur);
    if (this.seen === 0) {
      for (let i = 0; i < RING; i++) if (i !== head) ring[i].copyFrom(cur);
    }
    const f = this.frame;
    f.data = data;
    f.width = w;
    f.height = h;
    f.seen = this.seen;
    f.cur = cur;
    f.lag1 = ring[(head + RING - 1) % RING];
    f.lag2 = ring[(head + RING - 2) % RING];
    f.lag4 = ring[(head + RING - 4) % RING];
    const lags = this.lags;
    lags[0] = f.lag1;
    lags[1] = f.lag2;
    lags[2] = f.lag4;
    f.diff.compute(cur, f.lag1, f.lag2, f.lag4);

    const out = new Float32Array(this.layout.dim);
    const { writers } = this;
    const offsets = this.layout.offsets;
    for (let s = 0; s < writers.length; s++) writers[s](f, out, offsets[s]);

    this.head = (head + 1) % RING;
    this.seen++;
    return out;
  }
}
