import type sharpType from 'sharp';

let loading: Promise<typeof sharpType> | null = null;

/** sharp (libvips), loaded on first use: most runs draw no picture, and loading it costs every command's start-up. */
export function loadSharp(): Promise<typeof sharpType> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
