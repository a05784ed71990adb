import type { PixelFormat } from '../types.js';

/** Bytes of each plane of one frame of `format` at width x height (yuv420p chroma planes round odd sizes up, as ffmpeg does). */
export function framePlanes(format: PixelFormat, width: number, height: number): number[] {
  if (format === 'rgb24') return [width * height * 3];
  const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
  return [width * height, chroma, chroma];
}

/** Bytes of one frame of `format` at width x height (the sum of framePlanes, without an array: called per frame). */
export function frameBytes(format: PixelFormat, width: number, height: number): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}
