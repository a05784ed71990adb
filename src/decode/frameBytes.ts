import type { PixelFormat } from '../types.js';

/** Bytes of a yuv420p chroma plane: odd sizes round up, as ffmpeg does. */
function chromaBytes(width: number, height: number): number {
  return Math.ceil(width / 2) * Math.ceil(height / 2);
}

/** Bytes of each plane of one frame of `format` at width x height. */
export function framePlanes(format: PixelFormat, width: number, height: number): number[] {
  if (format === 'rgb24') return [width * height * 3];
  const chroma = chromaBytes(width, height);
  return [width * height, chroma, chroma];
}

/** Bytes of one frame of `format` at width x height (the sum of framePlanes, without an array: called per frame). */
export function frameBytes(format: PixelFormat, width: number, height: number): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * chromaBytes(width, height);
}
