/**
 * What the feature tests share: a seeded generator, blurred random textures, a textured scene to pan 128x72 yuv420p frames over, and the
 * extractor run on both of its paths (WebAssembly passes and JavaScript only) over frames and resets.
 */
import { FeatureExtractor } from '../../src/features/FeatureExtractor.js';
import type { FeatureSpec, Frame } from '../../src/types.js';

/** Uniform numbers in [0, 1) from a linear congruential generator: the same sequence on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/**
 * A smooth random texture of float values, as a function of (x, y) for x in [−margin, width + margin) and y likewise:
 * noise box-blurred over (2·radius + 1)² pixels, stretched to about −1…2 so that shifts tell apart clearly.
 */
export function blurredTexture(width: number, height: number, margin: number, radius: number, seed: number): (x: number, y: number) => number {
  const tw = width + 2 * margin;
  const th = height + 2 * margin;
  const rnd = lcg(seed);
  const raw = Float64Array.from({ length: tw * th }, rnd);
  const t = new Float64Array(tw * th);
  const n = (2 * radius + 1) ** 2;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      let s = 0;
      for (let j = -radius; j <= radius; j++) {
        for (let i = -radius; i <= radius; i++) s += raw[Math.min(th - 1, Math.max(0, y + j)) * tw + Math.min(tw - 1, Math.max(0, x + i))];
      }
      t[y * tw + x] = (s / n - 0.5) * 3 + 0.5;
    }
  }
  return (x, y) => t[(y + margin) * tw + x + margin];
}

const FW = 128;
const FH = 72;
const FRAME_BYTES = (FW * FH * 3) / 2;

function frame(index: number, data: Uint8Array): Frame {
  return { index, time: index / 25, width: FW, height: FH, format: 'yuv420p', data, decodedAt: 0 };
}

/** A width x height luma scene of strong texture (box-blurred noise, 3 pixels of flat margin), to pan frames over. */
export class TexturedScene {
  private readonly luma: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly rnd: () => number,
  ) {
    const raw = Float64Array.from({ length: width * height }, rnd);
    this.luma = new Uint8Array(width * height);
    for (let y = 3; y < height - 3; y++) {
      for (let x = 3; x < width - 3; x++) {
        let s = 0;
        for (let j = -3; j <= 3; j++) for (let i = -3; i <= 3; i++) s += raw[(y + j) * width + x + i];
        this.luma[y * width + x] = Math.max(0, Math.min(255, Math.round(128 + (s / 49 - 0.5) * 1200)));
      }
    }
  }

  /** The 128x72 frame whose top left corner is at (ox, oy) of the scene; grey chroma. */
  at(ox: number, oy: number, index: number): Frame {
    const data = new Uint8Array(FRAME_BYTES).fill(128);
    for (let y = 0; y < FH; y++) for (let x = 0; x < FW; x++) data[y * FW + x] = this.luma[(y + oy) * this.width + x + ox];
    return frame(index, data);
  }

  /** A 128x72 frame of random bytes (from the scene's generator). */
  noise(index: number): Frame {
    return frame(index, Uint8Array.from({ length: FRAME_BYTES }, () => Math.floor(this.rnd() * 256)));
  }
}

/** The extractor's vectors over `frames` ('reset' resets it), on the WebAssembly path and on JavaScript only. */
export function bothPaths(spec: FeatureSpec, frames: ReadonlyArray<Frame | 'reset'>): { viaWasm: Float32Array[]; viaJs: Float32Array[] } {
  const vectors = (wasm: boolean): Float32Array[] => {
    const fx = new FeatureExtractor(spec, { wasm });
    return frames.flatMap((f) => (f === 'reset' ? (fx.reset(), []) : [fx.extract(f)]));
  };
  return { viaWasm: vectors(true), viaJs: vectors(false) };
}

/** A vector's bytes in hex: equal strings, equal bits. */
export function vectorHex(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}
