import { decodeFrames } from '../decode/decodeFrames.js';
import { UsageError } from '../errors.js';
import { deviceInput } from './deviceInput.js';
import type { Source } from './Source.js';

export interface DeviceSourceOptions {
  /** Capture size, e.g. '640x480' (-video_size). */
  videoSize?: string;
  /** Capture rate (-framerate). */
  framerate?: number;
  /** ffmpeg input options before the capture options (e.g. low-latency options). */
  inputArgs?: string[];
  platform?: NodeJS.Platform;
}

/** A camera through the platform's capture API (v4l2, avfoundation, dshow): live, it cannot wait. */
export function deviceSource(device: string, opts: DeviceSourceOptions = {}): Source {
  if (opts.videoSize !== undefined && !/^\d+x\d+$/.test(opts.videoSize)) {
    throw new UsageError('E_USAGE', `--video-size must look like 640x480, got "${opts.videoSize}"`);
  }
  const dev = deviceInput(device, opts.platform);
  // Capture options must precede the device's -f/-i, i.e. sit in the input options.
  const capture: string[] = [];
  if (opts.videoSize !== undefined) capture.push('-video_size', opts.videoSize);
  if (opts.framerate !== undefined) capture.push('-framerate', String(opts.framerate));
  const inputArgs = [...(opts.inputArgs ?? []), ...capture, ...dev.inputArgs];
  return {
    name: device,
    live: true,
    probe: () => Promise.resolve(null),
    frames: (req) =>
      decodeFrames(dev.input, { width: req.width, height: req.height, pixelFormat: req.pixelFormat, inputArgs, signal: req.signal, onInfo: req.onInfo }),
  };
}
