import { DecodeError, FramewiseError } from '../errors.js';
import { ffmpegInputName } from '../decode/ffmpegInputName.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';

export interface CutOptions {
  /** Seconds from the input's start: the first frame at or after it is the first written. */
  from: number;
  /** Seconds of audio to write. */
  duration: number;
  /** Video frames to write. */
  frames: number;
  signal?: AbortSignal;
}

/**
 * Exactly `frames` frames of an input from `from`, re-encoded (H.264, AAC) into `out` by one ffmpeg run: the first
 * video stream and every audio stream (none is fine). Input seeking (`-ss` before `-i`) with a re-encode decodes from
 * the keyframe before and drops the frames before `from`, so the copy starts at the exact frame.
 */
export async function cutVideo(input: string, out: string, opts: CutOptions): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-ss', opts.from.toFixed(6), '-i', ffmpegInputName(input)];
  args.push('-t', opts.duration.toFixed(6), '-map', '0:v:0', '-map', '0:a?', '-sn', '-dn', '-frames:v', String(opts.frames));
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '160k');
  args.push(ffmpegInputName(out));
  const aborted = (): FramewiseError => new FramewiseError('E_ABORTED', `writing ${out} was aborted`);
  if (opts.signal?.aborted) throw aborted();
  const run = await runFfmpeg('ffmpeg', args, { signal: opts.signal });
  if (run.exit.spawnError) throw new DecodeError('E_DECODE', `could not run ffmpeg to write ${out}: ${run.exit.spawnError.message}`, '', { cause: run.exit.spawnError });
  if (run.exit.terminated && opts.signal?.aborted) throw aborted();
  if (run.exit.code === 0) return;
  throw ffmpegFailure({ tool: 'ffmpeg', input, ffmpegInput: ffmpegInputName(input), task: `writing ${out}`, exit: run.exit, tail: run.stderrTail, framesSeen: 1, device: false });
}
