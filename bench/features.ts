/**
 * Feature extraction cost per frame (target: well under 0.5 ms) on synthetic frames at the default
 * analysis size: a textured picture that moves, with per-frame noise, so no shortcut applies.
 *
 *   npx tsx bench/features.ts
 */
import { pathToFileURL } from 'node:url';
import { FeatureExtractor } from '../src/features/FeatureExtractor.js';
import { DEFAULT_FEATURE_SPEC } from '../src/features/featureSpec.js';
import { rgbToYuv420p } from '../src/features/rgbToYuv420p.js';
import type { Frame } from '../src/types.js';

const WARMUP = 200;
const FRAMES = 2000;
/** Distinct synthetic frames cycled through (keeps setup cheap while defeating exact-repeat paths). */
const DISTINCT = 64;

function syntheticFrames(width: number, height: number): Frame[] {
  let s = 12345;
  const noise = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 28);
  return Array.from({ length: DISTINCT }, (_, t) => {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i += 3) {
        const v = ((x + 2 * t) ^ (y + t)) & 0xff;
        data[i] = (v + noise()) & 0xff;
        data[i + 1] = ((v >> 1) + 60 + noise()) & 0xff;
        data[i + 2] = (255 - v + noise()) & 0xff;
      }
    }
    // The extractor's input format, as ffmpeg delivers it.
    return { index: t, time: t / 25, width, height, format: 'yuv420p', data: rgbToYuv420p(data, width, height), decodedAt: 0 };
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Milliseconds per frame of FeatureExtractor.extract at the default spec's size. */
export async function benchFeatures(): Promise<Record<string, number>> {
  const { width, height } = DEFAULT_FEATURE_SPEC;
  const frames = syntheticFrames(width, height);
  const fx = new FeatureExtractor();
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) sink += fx.extract(frames[i % DISTINCT])[0];
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < FRAMES; i++) {
    const a = performance.now();
    sink += fx.extract(frames[i % DISTINCT])[0];
    times.push(performance.now() - a);
  }
  const total = performance.now() - t0;
  if (Number.isNaN(sink)) throw new Error('NaN feature');
  times.sort((x, y) => x - y);
  return {
    featuresMedianMs: quantile(times, 0.5),
    featuresP99Ms: quantile(times, 0.99),
    featuresMeanMs: total / FRAMES,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchFeatures();
  const { width, height, name } = DEFAULT_FEATURE_SPEC;
  console.log(
    `features ${name} ${width}x${height}: median ${r.featuresMedianMs.toFixed(3)} ms/frame, ` +
      `p99 ${r.featuresP99Ms.toFixed(3)} ms, mean ${r.featuresMeanMs.toFixed(3)} ms`,
  );
}
