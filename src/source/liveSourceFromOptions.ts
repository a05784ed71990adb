import type { Readable } from 'node:stream';
import type { LiveSource } from './liveSource.js';
import { UsageError } from '../errors.js';
import { deviceInput } from './deviceInput.js';

/** The `framewise live` options that choose the source. */
export interface LiveSourceOptions {
  /** A camera: "0", "/dev/video2", an avfoundation index or name, a dshow device name. */
  device?: string;
  /** A URL (rtsp/udp/tcp/http…), a file, or "-" for stdin. */
  input?: string;
  /** ffmpeg's input format (-f), e.g. mpegts for stdin, lavfi for a synthetic source. */
  inputFormat?: string;
  /** Read at native rate (-re): a file then behaves like a camera. */
  re?: boolean;
  /** Camera capture size, e.g. 640x480 (-video_size). */
  videoSize?: string;
  /** Camera capture rate (-framerate). */
  framerate?: number;
}

/**
 * Maps command-line options to a live source: a device through the platform's capture API
 * (v4l2 / avfoundation / dshow), a URL or file, or stdin. Pure except for taking `stdin` as given.
 */
export function liveSourceFromOptions(
  opts: LiveSourceOptions,
  platform: NodeJS.Platform = process.platform,
  stdin: Readable = process.stdin,
): LiveSource {
  if (opts.device !== undefined && opts.input !== undefined) {
    throw new UsageError('E_USAGE', 'live: give either --device or --input, not both');
  }
  if (opts.videoSize !== undefined && !/^\d+x\d+$/.test(opts.videoSize)) {
    throw new UsageError('E_USAGE', `live: --video-size must look like 640x480, got "${opts.videoSize}"`);
  }
  if (opts.device !== undefined) {
    if (opts.inputFormat !== undefined) throw new UsageError('E_USAGE', 'live: --input-format applies to --input, not --device');
    if (opts.re) throw new UsageError('E_USAGE', 'live: --re applies to --input; a camera is already real time');
    const dev = deviceInput(opts.device, platform);
    // Capture options must precede the device's -f/-i, i.e. sit in the input options.
    const capture: string[] = [];
    if (opts.videoSize !== undefined) capture.push('-video_size', opts.videoSize);
    if (opts.framerate !== undefined) capture.push('-framerate', String(opts.framerate));
    return { input: dev.input, inputArgs: [...capture, ...dev.inputArgs] };
  }
  if (opts.input === undefined) throw new UsageError('E_USAGE', 'live: give a source: --device, --input URL|FILE|- (or only --serve for the browser camera)');
  if (opts.videoSize !== undefined || opts.framerate !== undefined) {
    throw new UsageError('E_USAGE', 'live: --video-size and --framerate apply to --device');
  }
  const inputArgs = opts.inputFormat !== undefined ? ['-f', opts.inputFormat] : [];
  return {
    input: opts.input === '-' ? stdin : opts.input,
    inputArgs,
    realtime: opts.re === true,
  };
}
