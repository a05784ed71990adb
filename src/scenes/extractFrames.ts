import { DecodeError, FramewiseError } from '../errors.js';
import { ffmpegInputName } from '../decode/ffmpegInputName.js';
import { FrameSplitter } from '../decode/frameSplitter.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { spawnFfmpeg } from '../ffmpeg/ffmpegProcess.js';

export interface ExtractFramesOptions {
  /** Output picture size (the frames are scaled to it). */
  width: number;
  height: number;
  signal?: AbortSignal;
}

/**
 * Chosen frames of an input, by frame number (0 = the first decoded frame), as packed RGB at the given size, in one
 * decoding pass: ffmpeg's `select` keeps just those frames. `onFrame` is awaited before the next frame is handed over
 * (the pipe waits meanwhile). Resolves with the number of frames delivered (fewer than asked if the input is shorter).
 */
export async function extractFrames(
  input: string,
  frames: readonly number[],
  opts: ExtractFramesOptions,
  onFrame: (frame: number, rgb: Uint8Array) => Promise<void>,
): Promise<number> {
  const wanted = [...new Set(frames)].sort((a, b) => a - b);
  if (wanted.length === 0) return 0;
  const select = wanted.map((n) => `eq(n\\,${n})`).join('+');
  const ffmpegInput = ffmpegInputName(input);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', ffmpegInput, '-map', '0:v:0', '-an', '-sn', '-dn'];
  args.push('-vf', `select='${select}',scale=${opts.width}:${opts.height}:flags=bicubic`, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const proc = spawnFfmpeg('ffmpeg', args, { signal: opts.signal });
  const splitter = new FrameSplitter(opts.width * opts.height * 3);
  let delivered = 0;
  let failure: unknown = null;
  let chain = Promise.resolve();
  const stdout = proc.stdout!;
  stdout.on('data', (chunk: Buffer) => {
    splitter.push(chunk, (rgb) => {
      const n = wanted[delivered++];
      if (n === undefined) return;
      stdout.pause();
      chain = chain
        .then(() => (failure === null ? onFrame(n, rgb) : undefined))
        .catch((err: unknown) => {
          failure ??= err;
          proc.terminate();
        })
        .finally(() => stdout.resume());
    });
  });
  const exit = await proc.exited;
  await chain;
  if (failure !== null) throw failure;
  if (exit.spawnError) throw new DecodeError('E_DECODE', `could not run ffmpeg to read frames of ${input}: ${exit.spawnError.message}`, '', { cause: exit.spawnError });
  if (exit.terminated && opts.signal?.aborted) throw new FramewiseError('E_ABORTED', `reading frames of ${input} was aborted`);
  if (exit.code !== 0) {
    throw ffmpegFailure({ tool: 'ffmpeg', input, ffmpegInput, task: `reading frames of ${input}`, exit, tail: proc.stderrTail(), framesSeen: delivered, device: false });
  }
  return Math.min(delivered, wanted.length);
}
