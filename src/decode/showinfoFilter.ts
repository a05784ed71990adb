/**
 * The `showinfo` filter expression decodeFrames appends for per-frame timestamps.
 *
 * By default showinfo also computes a checksum, mean and stdev of every plane of every frame. decodeFrames
 * reads only `n:` and `pts:`, and that work runs on ffmpeg's single filtering thread, on the critical
 * path (measured ~25 µs/frame at 128x72, several percent of ffmpeg's whole time on a 360p input), so it is
 * switched off with `checksum=0` where the ffmpeg build has that option. Builds without it (older ffmpeg)
 * would refuse the option, so they get plain `showinfo`; the `n:`/`pts:` fields are the same either way.
 */
import { runFfmpegSync } from '../ffmpeg/ffmpegProcess.js';

/** Per ffmpeg binary: its showinfo expression (asked once per process; the answer cannot change). */
const cache = new Map<string, string>();

export function showinfoFilter(ffmpegPath: string): string {
  const hit = cache.get(ffmpegPath);
  if (hit !== undefined) return hit;
  // A failed query leaves the capabilities unknown: the plain filter works on every ffmpeg.
  const run = runFfmpegSync(ffmpegPath, ['-hide_banner', '-h', 'filter=showinfo']);
  const help = run.failure === null ? run.stdout : '';
  const filter = /^\s*checksum\s/m.test(help) ? 'showinfo=checksum=0' : 'showinfo';
  cache.set(ffmpegPath, filter);
  return filter;
}
