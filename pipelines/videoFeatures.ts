/**
 * Features of a whole video, computed through the same decode → features stages as labelling, and cached on disk
 * keyed by the video's content hash and the feature spec, so re-training and re-evaluating skip decoding.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { contentHash } from '../src/dataset/contentHash.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FAST_DECODE_ARGS } from '../src/decode/decodeArgs.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { fileSource } from '../src/source/fileSource.js';
import type { FeatureSpec } from '../src/types.js';

export interface VideoFeatures {
  /** [frames * spec.dim] raw (unnormalised) features, frame after frame. */
  values: Float32Array;
  frames: number;
}


/** `fastDecode`: decoded with the decoder shortcuts of FAST_DECODE_ARGS, cached apart from the default decode. */
export async function videoFeatures(video: string, spec: FeatureSpec, cacheDir?: string, fastDecode = false): Promise<VideoFeatures> {
  let cachePath: string | undefined;
  if (cacheDir) {
    const key = createHash('sha256')
      .update(`${await contentHash(video)}|${spec.name}|${spec.width}x${spec.height}|${spec.dim}${fastDecode ? `|${FAST_DECODE_ARGS.join(' ')}` : ''}`)
      .digest('hex')
      .slice(0, 32);
    cachePath = join(cacheDir, `${key}.f32`);
    const cached = await readFile(cachePath).catch(() => null);
    if (cached && cached.byteLength % (4 * spec.dim) === 0) {
      const values = new Float32Array(cached.buffer, cached.byteOffset, cached.byteLength / 4).slice();
      return { values, frames: values.length / spec.dim };
    }
  }
  const vectors = await lastValueFrom(
    fileSource(video, { fastDecode }).frames({ width: spec.width, height: spec.height, pixelFormat: FEATURE_PIXEL_FORMAT }).pipe(extractFeatures(spec), toArray()),
  );
  const values = new Float32Array(vectors.length * spec.dim);
  vectors.forEach((v, i) => values.set(v.values, i * spec.dim));
  if (cachePath && cacheDir) {
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${cachePath}.${process.pid}.tmp`;
    await writeFile(tmp, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    await rename(tmp, cachePath);
  }
  return { values, frames: vectors.length };
}
