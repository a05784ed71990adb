/** `framewise doctor`: which ffmpeg/ffprobe framewise will run, their versions, and whether libx264 is there. */
import { isUserError } from '../errors.js';
import { runFfmpegSync } from '../ffmpeg/ffmpegProcess.js';
import { resolveFfmpeg, type PackageCandidates } from './ffmpegPath.js';

/** True if the ffmpeg binary lists a libx264 encoder (the fixture generator encodes with it). */
function hasLibx264(ffmpeg: string): boolean {
  const run = runFfmpegSync(ffmpeg, ['-hide_banner', '-encoders']);
  return run.failure === null && /^\s*V\S*\s+libx264\s/m.test(run.stdout);
}

/** A multi-line human-readable report; never throws for a missing ffmpeg (it reports it instead). */
export function doctorReport(env: NodeJS.ProcessEnv = process.env, packages?: PackageCandidates): string {
  let tools;
  try {
    tools = resolveFfmpeg(env, packages);
  } catch (err) {
    if (!isUserError(err)) throw err;
    return `ffmpeg:  NOT FOUND\n${err.message}`;
  }
  const { ffmpeg, ffprobe } = tools;
  return [
    `ffmpeg:  ${ffmpeg.path} (from ${ffmpeg.source}), version ${ffmpeg.version}`,
    `ffprobe: ${ffprobe.path} (from ${ffprobe.source}), version ${ffprobe.version}`,
    `libx264: ${hasLibx264(ffmpeg.path) ? 'yes' : 'no (the fixture generator needs it to encode test videos)'}`,
  ].join('\n');
}
