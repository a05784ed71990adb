/**
 * Golden outputs of the feature extractor: a hash of every vector it computes, per extractor version, on real
 * decoded video (motion, a cut, a fade to black, black, a fade in) in both pixel formats and at a size other than
 * the spec's, and on synthetic random frames (repeats, a reset, size changes, tiny frames). Any change to a feature
 * value, however small, changes a hash: the extractor's structure can change, its numbers cannot.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { FeatureExtractor } from '../src/features/FeatureExtractor.js';
import { FEATURE_VERSIONS, featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import type { Frame, PixelFormat } from '../src/types.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { lcg } from './helpers/featureFrames.js';

/**
 * sha256 (first 16 hex digits) of the concatenated Float32Array bytes of every vector of a sequence, per version:
 * made by the extractor before the declaration refactor (features declared as stages), and unchanged since; fw-v5's
 * when it was added.
 */
const GOLDEN: Record<string, Record<string, string>> = {
  'video-yuv420p': { 'fw-v2': '1182431c15a6d90f', 'fw-v3': '5743ea5375187ce6', 'fw-v4': '74fded2407612fc6', 'fw-v5': 'a203d91020892d4d' },
  'video-rgb24': { 'fw-v2': 'c50aeaad106d9fa9', 'fw-v3': '63c08867cc1fdacf', 'fw-v4': 'd88c2eee79eb0574', 'fw-v5': '8aa0273ac418cee2' },
  'video-yuv420p-96x54': { 'fw-v2': '2e2c53004b11f72d', 'fw-v3': '174984ab78cdd971', 'fw-v4': 'b80a8f271c28c31f', 'fw-v5': 'a0a3e2ddc3ffb768' },
  'random-yuv420p': { 'fw-v2': '8979304dc22e0832', 'fw-v3': '8a2009662a6419a3', 'fw-v4': '29075ca21356ee6c', 'fw-v5': '02a06e6afcbb31b0' },
  'random-rgb24': { 'fw-v2': 'd889344a2ef0c7c0', 'fw-v3': '78e1ee6e094f4381', 'fw-v4': 'a6f386168d39ebfc', 'fw-v5': 'ec5c80be36bf1667' },
};

/** sha256 (first 16 hex digits) of each version's feature names joined by newlines: made before the refactor too. */
const GOLDEN_NAMES: Record<string, string> = {
  'fw-v2': '849821f6e102fc38',
  'fw-v3': 'a0d4745a21b75a2f',
  'fw-v4': 'db62fbc11bb51845',
  'fw-v5': 'a63adea129717fbe',
};

/** sha256 of the decoded frames the video hashes above were made from (so a different ffmpeg shows as such). */
const GOLDEN_INPUT: Record<string, string> = {
  'video-yuv420p': 'a808eff4f82eb7ab',
  'video-rgb24': '0d86ddccc3e3d48b',
  'video-yuv420p-96x54': 'c7336868b0b6aeba',
};

type Step = Frame | 'reset';

function hashOf(chunks: Iterable<Uint8Array>): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex').slice(0, 16);
}

function run(version: string, steps: Step[], wasm = true): string {
  const fx = new FeatureExtractor(featureSpecNamed(version), { wasm });
  const out: Uint8Array[] = [];
  for (const s of steps) {
    if (s === 'reset') fx.reset();
    else {
      const v = fx.extract(s);
      out.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
  }
  return hashOf(out);
}

function bytesOf(format: PixelFormat, w: number, h: number): number {
  return format === 'rgb24' ? w * h * 3 : w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2);
}

/** Random frames of one format: mostly noise around a drifting level, with an exact repeat, a reset and size changes. */
function synthetic(format: PixelFormat, seed: number): Step[] {
  const rnd = lcg(seed);
  const steps: Step[] = [];
  let index = 0;
  const make = (w: number, h: number, spread: number, level: number): Frame => {
    const data = new Uint8Array(bytesOf(format, w, h));
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.floor(level + spread * (rnd() - 0.5))));
    return { index: index++, time: index / 25, width: w, height: h, format, data, decodedAt: 0 };
  };
  for (let i = 0; i < 8; i++) steps.push(make(128, 72, 255, 128));
  const still = make(128, 72, 40, 90);
  steps.push(still, { ...still, data: still.data.slice() }, { ...still, data: still.data.slice() });
  for (let i = 0; i < 4; i++) steps.push(make(128, 72, 20, 30 + 40 * i));
  steps.push('reset');
  for (let i = 0; i < 3; i++) steps.push(make(128, 72, 255, 128));
  for (let i = 0; i < 6; i++) steps.push(make(100, 60, 200, 100 + 10 * i));
  for (let i = 0; i < 4; i++) steps.push(make(37, 23, 255, 128));
  for (let i = 0; i < 3; i++) steps.push(make(1, 1, 255, 128));
  for (let i = 0; i < 5; i++) steps.push(make(300, 170, 160, 120));
  return steps;
}

describe('feature extractor golden outputs', () => {
  const dir = tempDir('features-golden');
  const decoded = new Map<string, Frame[]>();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // Lossless (FFV1) at the analysis size, so the decoded frames do not depend on an H.264 encoder's version.
    const file = path.join(dir, 'events.mkv');
    makeVideo(
      file,
      [
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=128x72:r=25:d=1.2[a];' +
          'smptebars=s=128x72:r=25:d=1.2,noise=alls=8:allf=t+u,fade=t=out:st=0.6:d=0.6[b];' +
          'color=c=black:s=128x72:r=25:d=0.4[c];' +
          'testsrc=s=128x72:r=25:d=0.8,fade=t=in:st=0:d=0.4[d];' +
          '[a][b][c][d]concat=n=4:v=1,format=yuv420p',
      ],
      ['-c:v', 'ffv1', '-pix_fmt', 'yuv420p'],
    );
    for (const [name, opts] of [
      ['video-yuv420p', { width: 128, height: 72, pixelFormat: 'yuv420p' }],
      ['video-rgb24', { width: 128, height: 72, pixelFormat: 'rgb24' }],
      ['video-yuv420p-96x54', { width: 96, height: 54, pixelFormat: 'yuv420p' }],
    ] as const) {
      decoded.set(name, await lastValueFrom(decodeFrames(file, opts).pipe(toArray())));
    }
  }, 120_000);

  it('has a golden hash for every extractor version', () => {
    for (const seq of Object.values(GOLDEN)) expect(Object.keys(seq)).toEqual([...FEATURE_VERSIONS]);
  });

  it('names the values as before, in the same order', () => {
    const actual = Object.fromEntries(
      FEATURE_VERSIONS.map((v) => [v, createHash('sha256').update(featureNames(featureSpecNamed(v)).join('\n')).digest('hex').slice(0, 16)]),
    );
    expect(actual).toEqual(GOLDEN_NAMES);
  });

  it('decodes the frames the video hashes were made from', () => {
    const actual: Record<string, string> = {};
    for (const [name, frames] of decoded) actual[name] = hashOf(frames.map((f) => f.data));
    expect(decoded.get('video-yuv420p')).toHaveLength(90);
    expect(actual).toEqual(GOLDEN_INPUT);
  });

  for (const wasm of [true, false]) {
    it(`computes exactly the golden vectors, for every version and both pixel formats (${wasm ? 'WebAssembly passes' : 'JavaScript only'})`, () => {
      const sequences: Record<string, Step[]> = {
        ...Object.fromEntries(decoded),
        'random-yuv420p': synthetic('yuv420p', 1),
        'random-rgb24': synthetic('rgb24', 2),
      };
      const actual: Record<string, Record<string, string>> = {};
      for (const [name, steps] of Object.entries(sequences)) {
        actual[name] = {};
        for (const version of FEATURE_VERSIONS) actual[name][version] = run(version, steps, wasm);
      }
      expect(actual).toEqual(GOLDEN);
    });
  }
});
