/**
 * renderOverlay: one ffmpeg run that re-encodes an input with a filter graph drawn over it (the label
 * overlay of `framewise label --overlay`). The caller supplies the graph and its extra inputs; this module
 * owns the process: it is ended (SIGTERM, then SIGKILL) on abort, and a failure becomes a DecodeError
 * carrying the tail of ffmpeg's stderr.
 *
 * `-vsync passthrough` keeps exactly the input's frames and timestamps, so the copy has the same frame
 * count and duration; audio is re-encoded to AAC (copying fails for codecs the container cannot hold).
 */
import { spawn } from 'node:child_process';
import { DecodeError, FramewiseError } from '../errors.js';
import { ffmpegInputName } from './ffmpegInputName.js';
import { resolveFfmpeg } from './ffmpegPath.js';
import { terminateProcess } from './terminateProcess.js';

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

const TAIL_LINES = 20;
const KILL_GRACE_MS = 1000;

export function renderOverlay(input: string, out: string, opts: RenderOverlayOptions): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-stats'];
  if (opts.start !== undefined) args.push('-ss', String(opts.start));
  if (opts.duration !== undefined) args.push('-t', String(opts.duration));
  args.push('-i', ffmpegInputName(input));
  for (const extra of opts.extraInputs ?? []) args.push('-i', ffmpegInputName(extra));
  args.push('-filter_complex_script', opts.graphFile, '-map', opts.outputPad, '-map', '0:a?', '-sn', '-dn');
  args.push('-vsync', 'passthrough', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20');
  if (opts.width % 2 === 0 && opts.height % 2 === 0) args.push('-pix_fmt', 'yuv420p');
  args.push('-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart', ffmpegInputName(out));

  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new FramewiseError('E_ABORTED', `rendering the overlay of ${input} was aborted`));
      return;
    }
    const { ffmpeg } = resolveFfmpeg();
    const proc = spawn(ffmpeg.path, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    const tail: string[] = [];
    let partial = '';
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      terminateProcess(proc, KILL_GRACE_MS);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      // Stats lines end in \r, messages in \n.
      const lines = (partial + chunk).split(/[\r\n]/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^frame=\s*(\d+)/.exec(line);
        if (m) {
          opts.onProgress?.(Number(m[1]));
        } else if (line.trim() !== '') {
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
        }
      }
    });
    proc.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new DecodeError('E_DECODE', `could not run ffmpeg to render the overlay: ${err.message}`, '', { cause: err }));
    });
    proc.once('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (aborted) reject(new FramewiseError('E_ABORTED', `rendering the overlay of ${input} was aborted`));
      else if (code === 0) resolve();
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const last = tail.at(-1)?.trim();
        reject(new DecodeError('E_DECODE', `ffmpeg ${how} while rendering the overlay to ${out}${last ? `: ${last}` : ''}`, tail.join('\n')));
      }
    });
  });
}
