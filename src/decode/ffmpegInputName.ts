import { isUrlInput } from './isUrlInput.js';

/**
 * The name to hand ffmpeg/ffprobe for a local path. ffmpeg reads "name:rest" as a protocol, so a relative
 * path with a colon (e.g. "clip 12:30.mp4") needs the explicit "file:" protocol; other names pass unchanged.
 */
export function ffmpegInputName(input: string): string {
  if (isUrlInput(input) || !input.includes(':')) return input;
  if (/^[a-zA-Z]:[\\/]/.test(input)) return input; // Windows drive path
  return `file:${input}`;
}
