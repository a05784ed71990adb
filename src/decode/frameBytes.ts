import type { PixelFormat } from '../types.js';

/** Bytes of one frame of `format` at width x height (yuv420p chroma planes round odd sizes up, as ffmpeg does). */
export function frameBytes(format: PixelFormat, width: number, height: number): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}
