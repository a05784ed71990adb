/**
 * Thumbnails of each segment's first, middle and last frames. The frames come from one more decode of
 * the same input and stretch (decodeFrames at thumbnail size, same --start/--duration), so frame indices
 * match the labelling run exactly, even for variable frame rates where seeking by time would drift;
 * sharp encodes the few kept frames as JPEG. Decoding stops after the last frame needed.
 */
import { filter, lastValueFrom, mergeMap, takeWhile, toArray } from 'rxjs';
import { loadSharp } from './loadSharp.js';
import { decodeFrames } from '../decode/decodeFrames.js';
import type { Segment, VideoInfo } from '../types.js';

export interface Thumbnail {
  frame: number;
  width: number;
  height: number;
  /** JPEG bytes. */
  jpeg: Buffer;
}

export interface ThumbnailOptions {
  info: VideoInfo;
  /** Thumbnail width in pixels (height follows the picture's aspect ratio). Default 160. */
  width?: number;
  start?: number;
  duration?: number;
  signal?: AbortSignal;
}

/** The distinct frames shown for a segment: first, middle, last (fewer for segments of 1–2 frames). */
export function thumbnailFrames(s: Pick<Segment, 'start' | 'end'>): number[] {
  return [...new Set([s.start, Math.floor((s.start + s.end) / 2), s.end])];
}

/** Thumbnail size for a picture of the given size: `width` wide, even sides (ffmpeg scalers like even). */
export function thumbnailSize(info: Pick<VideoInfo, 'width' | 'height'>, width = 160): { width: number; height: number } {
  const w = Math.max(2, Math.round(width / 2) * 2);
  const h = Math.max(2, Math.round((w * info.height) / info.width / 2) * 2);
  return { width: w, height: h };
}

/** Extracts the thumbnails of all segments; keyed by frame index. */
export async function segmentThumbnails(input: string, segments: readonly Segment[], opts: ThumbnailOptions): Promise<Map<number, Thumbnail>> {
  const wanted = new Set(segments.flatMap(thumbnailFrames));
  const out = new Map<number, Thumbnail>();
  if (wanted.size === 0) return out;
  let last = 0;
  for (const f of wanted) last = Math.max(last, f);
  const size = thumbnailSize(opts.info, opts.width);
  const frames$ = decodeFrames(input, { ...size, start: opts.start, duration: opts.duration, info: opts.info, signal: opts.signal }).pipe(
    takeWhile((f) => f.index <= last),
    filter((f) => wanted.has(f.index)),
    mergeMap(async (f): Promise<Thumbnail> => {
      const jpeg = await (await loadSharp())(f.data, { raw: { width: f.width, height: f.height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
      return { frame: f.index, width: f.width, height: f.height, jpeg };
    }, 2),
    toArray(),
  );
  for (const t of await lastValueFrom(frames$)) out.set(t.frame, t);
  return out;
}
