/**
 * The ffmpeg argument list of one decode: what decodeFrames runs, and what the benchmark runs as "ffmpeg alone"
 * (the same list with another output), so that the two can never drift apart.
 *
 * `-vsync passthrough` keeps exactly one output frame per decoded frame; `scale=W:H:flags=area` is the area
 * averaging the feature extractor relies on; `settb=AVTB,showinfo` prints each frame's pts in microseconds on
 * stderr (showinfoFilter.ts leaves out its checksums where the build allows).
 */
import type { PixelFormat } from '../types.js';
import { ffmpegInputName } from './ffmpegInputName.js';
import { isUrlInput } from './isUrlInput.js';
import { resolveFfmpeg } from './ffmpegPath.js';
import { showinfoFilter } from './showinfoFilter.js';

/**
 * A network read that gets no byte for this long fails inside ffmpeg (`-rw_timeout`, every protocol: http, tcp, rtmp,
 * udp, …): a server that stops sending with the connection open would otherwise block ffmpeg forever.
 */
export const NETWORK_IO_TIMEOUT_MS = 10_000;

export interface DecodeArgsOptions {
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  /** Seconds to seek before decoding (an input option). */
  start?: number;
  /** Seconds to decode (an input option: a trim before the filters, so no showinfo line for a frame never output). */
  duration?: number;
  /** Read at the native frame rate (`-re`). */
  realtime?: boolean;
  /** Input options placed before `-i` (a device, lavfi). */
  inputArgs?: readonly string[];
  /** Where ffmpeg writes the raw frames; default `pipe:1`. */
  output?: string;
  /** Take FAST_DECODE_ARGS' decoder shortcuts (default false: decode as the codec specifies). */
  fastDecode?: boolean;
  /** The ffmpeg binary the list is for (its showinfo options); default the one resolveFfmpeg chooses. */
  ffmpegPath?: string;
}

/** Frames stacked in each picture ffmpeg writes when it decodes a local file. */
export const FRAMES_PER_WRITE = 8;

/**
 * How many frames each picture ffmpeg writes holds (`tile=1xN` after showinfo, top to bottom; the last picture
 * padded with black frames that have no showinfo line): FRAMES_PER_WRITE for a local file, whose frames can wait
 * for their batch — fewer, larger writes; 1 for devices, lavfi, streams, URLs and `-re`, whose frames are wanted the
 * moment they are decoded, and for yuv420p at an odd height, whose chroma rows would not stack.
 */
export function framesPerWrite(input: string | null, opts: DecodeArgsOptions): number {
  const local = input !== null && (opts.inputArgs ?? []).length === 0 && !isUrlInput(input) && opts.realtime !== true;
  return local && (opts.pixelFormat === 'rgb24' || opts.height % 2 === 0) ? FRAMES_PER_WRITE : 1;
}

/**
 * The decoder shortcut `--fast-decode` takes: skip H.264's and HEVC's in-loop deblocking filter, a large share of
 * the decoder's time (other decoders ignore the option). Not the default: the pictures differ from what the models
 * were trained on, and on the validation split the default model's macro-F1 drops from 0.958 to 0.950 and its
 * false cuts rise from 0.87 to 1.22 per 5 minutes (README, "Speed"; `npm run bench` measures the time saved).
 */
export const FAST_DECODE_ARGS: readonly string[] = ['-skip_loop_filter', 'all'];

/** `input`: a path or URL, or null when the input arrives on stdin. */
export function decodeArgs(input: string | null, opts: DecodeArgsOptions): string[] {
  const inputArgs = opts.inputArgs ?? [];
  // With input options the name is ffmpeg's to interpret (a device, a lavfi graph), not a path.
  const ffmpegInput = input === null ? 'pipe:0' : inputArgs.length === 0 ? ffmpegInputName(input) : input;
  const args = ['-hide_banner', '-nostdin', '-nostats'];
  if (opts.realtime) args.push('-re');
  if (opts.start !== undefined) args.push('-ss', String(opts.start));
  if (opts.duration !== undefined) args.push('-t', String(opts.duration));
  if (input !== null && isUrlInput(input)) args.push('-rw_timeout', String(NETWORK_IO_TIMEOUT_MS * 1000));
  if (opts.fastDecode === true) args.push(...FAST_DECODE_ARGS);
  const stack = framesPerWrite(input, opts);
  // A picture size or pixel format that changes mid-stream (MPEG-TS files joined end to end, a broadcast recording,
  // a saved adaptive stream) makes ffmpeg rebuild the filter graph, and the rebuild drops the frames waiting in a
  // half-filled tile: every later frame would be paired with a time two or more frames early. The graph is kept
  // instead (scale takes each frame's own size).
  if (stack > 1) args.push('-reinit_filter', '0');
  args.push(...inputArgs, '-i', ffmpegInput);
  const format = opts.pixelFormat;
  const showinfo = showinfoFilter(opts.ffmpegPath ?? resolveFfmpeg().ffmpeg.path);
  args.push(
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vsync', 'passthrough',
    '-vf', `scale=${opts.width}:${opts.height}:flags=area,format=${format},settb=AVTB,${showinfo}${stack > 1 ? `,tile=1x${stack}` : ''}`,
    '-pix_fmt', format,
    '-f', 'rawvideo',
    opts.output ?? 'pipe:1',
  );
  return args;
}
