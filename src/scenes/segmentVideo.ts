import { DecodeError, FramewiseError } from '../errors.js';
import { ffmpegInputName } from '../decode/ffmpegInputName.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';

/**
 * An input cut by stream copy into consecutive parts at `times` (seconds, ascending, each a keyframe's), in one
 * ffmpeg run of the segment muxer: part k (`pattern` with %05d = k) runs from times[k-1] (0 for the first) to
 * times[k], the last to the end. The muxer starts each part at the first keyframe at or after its time and keeps
 * B-frame order intact, so a part holds exactly the frames between two keyframes. The first video stream and every
 * audio stream are kept; each part's timestamps start at 0.
 */
export async function segmentVideo(input: string, pattern: string, times: readonly number[], signal?: AbortSignal): Promise<void> {
  const ffmpegInput = ffmpegInputName(input);
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', ffmpegInput, '-map', '0:v:0', '-map', '0:a?', '-sn', '-dn', '-c', 'copy'];
  args.push('-f', 'segment', '-reset_timestamps', '1');
  if (times.length > 0) args.push('-segment_times', times.map((t) => t.toFixed(6)).join(','));
  args.push(pattern);
  const aborted = (): FramewiseError => new FramewiseError('E_ABORTED', `splitting ${input} was aborted`);
  if (signal?.aborted) throw aborted();
  const run = await runFfmpeg('ffmpeg', args, { signal });
  if (run.exit.spawnError) throw new DecodeError('E_DECODE', `could not run ffmpeg to split ${input}: ${run.exit.spawnError.message}`, '', { cause: run.exit.spawnError });
  if (run.exit.terminated && signal?.aborted) throw aborted();
  if (run.exit.code === 0) return;
  throw ffmpegFailure({ tool: 'ffmpeg', input, ffmpegInput, task: `splitting ${input}`, exit: run.exit, tail: run.stderrTail, framesSeen: 1, device: false });
}
