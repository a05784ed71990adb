import { ffmpegInputName } from '../decode/ffmpegInputName.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';

/**
 * The times (seconds from the input's first video packet, ascending) of the video stream's keyframes, read from
 * packet flags with ffprobe (no decoding). A stream copy can only start at one of them.
 */
export async function keyframeTimes(input: string, signal?: AbortSignal): Promise<number[]> {
  const ffmpegInput = ffmpegInputName(input);
  const run = await runFfmpeg('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', ffmpegInput], { signal });
  if (run.exit.code !== 0) {
    throw ffmpegFailure({ tool: 'ffprobe', input, ffmpegInput, task: `reading the keyframes of ${input}`, exit: run.exit, tail: run.stderrTail, framesSeen: 0, device: false });
  }
  let origin = Infinity;
  const keys: number[] = [];
  for (const line of run.stdout.split('\n')) {
    const [pts, flags = ''] = line.trim().split(',');
    const t = Number(pts);
    if (pts === '' || pts === 'N/A' || !Number.isFinite(t)) continue;
    origin = Math.min(origin, t);
    if (flags.includes('K')) keys.push(t);
  }
  return keys.map((t) => t - origin).sort((a, b) => a - b);
}
