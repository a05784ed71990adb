/**
 * renderOverlay: one ffmpeg run that re-encodes an input with a filter graph drawn over it (the label
 * overlay of `framewise label --overlay`). The caller supplies the graph and its extra inputs; the process
 * owner (src/ffmpeg/) ends the process on abort and turns a failure into a typed error carrying the tail of
 * ffmpeg's stderr.
 *
 * `-vsync passthrough` keeps exactly the input's frames and timestamps, so the copy has the same frame
 * count and duration; audio is re-encoded to AAC (copying fails for codecs the container cannot hold).
 */
import { DecodeError, FramewiseError } from '../errors.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { spawnFfmpeg } from '../ffmpeg/ffmpegProcess.js';
import { ffmpegInputName } from './ffmpegInputName.js';

export interface RenderOverlayOptions {
  /** Seconds to skip at the start of the input (same meaning as for decodeFrames). */
  start?: number;
  /** Seconds to render from the start point. */
  duration?: number;
  /** Further inputs, referenced in the graph as [1:v], [2:v], ... (e.g. a PNG, shown on every frame). */
  extraInputs?: string[];
  /** Path of a file holding the -filter_complex graph (a file: no command-line length or quoting limits). */
  graphFile: string;
  /** The graph's output pad, e.g. "[fwout]". */
  outputPad: string;
  /** Picture size; yuv420p output needs even sides, else ffmpeg keeps the input's pixel format. */
  width: number;
  height: number;
  signal?: AbortSignal;
  /** Frames encoded so far, from ffmpeg's stats line. */
  onProgress?: (frames: number) => void;
}

export async function renderOverlay(input: string, out: string, opts: RenderOverlayOptions): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-stats'];
  if (opts.start !== undefined) args.push('-ss', String(opts.start));
  if (opts.duration !== undefined) args.push('-t', String(opts.duration));
  args.push('-i', ffmpegInputName(input));
  for (const extra of opts.extraInputs ?? []) args.push('-i', ffmpegInputName(extra));
  args.push('-filter_complex_script', opts.graphFile, '-map', opts.outputPad, '-map', '0:a?', '-sn', '-dn');
  args.push('-vsync', 'passthrough', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20');
  if (opts.width % 2 === 0 && opts.height % 2 === 0) args.push('-pix_fmt', 'yuv420p');
  args.push('-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart', ffmpegInputName(out));

  const aborted = (): FramewiseError => new FramewiseError('E_ABORTED', `rendering the overlay of ${input} was aborted`);
  if (opts.signal?.aborted) throw aborted();
  let frames = 0;
  const proc = spawnFfmpeg('ffmpeg', args, {
    stdout: 'ignore',
    signal: opts.signal,
    onStderrLine: (line) => {
      const m = /^frame=\s*(\d+)/.exec(line);
      if (m) {
        frames = Number(m[1]);
        opts.onProgress?.(frames);
      }
    },
    keepInTail: (line) => !/^frame=/.test(line), // stats lines say nothing about a failure
  });
  const exit = await proc.exited;
  if (exit.spawnError) {
    throw new DecodeError('E_DECODE', `could not run ffmpeg to render the overlay: ${exit.spawnError.message}`, '', { cause: exit.spawnError });
  }
  if (exit.terminated && opts.signal?.aborted) throw aborted();
  if (exit.code === 0) return;
  const ffmpegInput = ffmpegInputName(input);
  throw ffmpegFailure({ tool: 'ffmpeg', input, ffmpegInput, task: `rendering the overlay to ${out}`, exit, tail: proc.stderrTail(), framesSeen: frames, device: false });
}
