import type { Observable } from 'rxjs';
import { decodeFrames } from '../decode/decodeFrames.js';
import { probeVideo } from '../decode/probeVideo.js';
import { FramewiseError, UsageError } from '../errors.js';
import type { Frame, VideoInfo } from '../types.js';
import { isLiveUrl } from './isLiveUrl.js';
import { redactUrl } from './redactUrl.js';
import type { FrameRequest, Source } from './Source.js';

export interface FileSourceOptions {
  /** Seconds to skip at the start; frame numbers and times stay those of the input. */
  start?: number;
  /** Seconds to label from the start point. */
  duration?: number;
  /** Read at the input's native frame rate (ffmpeg -re), like a camera. */
  realtime?: boolean;
  /** ffmpeg input options placed before `-i` (e.g. ['-f', 'lavfi']); any of them skips ffprobe. */
  inputArgs?: string[];
  /** Already known description (skips ffprobe). */
  info?: VideoInfo;
  /** Take the decoder shortcuts of FAST_DECODE_ARGS (decodeArgs.ts): faster, a little less accurate. */
  fastDecode?: boolean;
}

/**
 * A file or URL read by ffmpeg. A file (or http URL) can wait for a slow labeller; a streaming URL (rtsp, udp,
 * tcp, srt, ...) cannot and is `live`.
 */
export function fileSource(input: string, opts: FileSourceOptions = {}): Source {
  const inputArgs = opts.inputArgs ?? [];
  let probed: Promise<VideoInfo | null> | null = opts.info ? Promise.resolve(opts.info) : null;
  let info: VideoInfo | null = opts.info ?? null;
  let unprobed = false;
  return {
    name: redactUrl(input),
    live: isLiveUrl(input),
    probe(signal) {
      // Input options describe an input ffprobe cannot open alone (a device, a lavfi graph, a listener).
      probed ??=
        inputArgs.length > 0
          ? Promise.resolve(null)
          : probeVideo(input, { signal }).catch((err: unknown) => {
              // ffprobe crashed on an input that not even ffmpeg could describe: decode it without a description.
              if (!(err instanceof FramewiseError && err.code === 'E_PROBE_CRASHED')) throw err;
              unprobed = true;
              return null;
            });
      return probed.then((found) => {
        info = found;
        if (found && opts.start !== undefined && found.duration !== null && opts.start >= found.duration) {
          throw new UsageError('E_USAGE', `--start ${opts.start} is at or past the end of ${redactUrl(input)} (${found.duration.toFixed(3)} s)`);
        }
        return found;
      });
    },
    frames(req: FrameRequest): Observable<Frame> {
      return decodeFrames(input, {
        width: req.width,
        height: req.height,
        pixelFormat: req.pixelFormat,
        start: opts.start,
        duration: opts.duration,
        realtime: opts.realtime,
        fastDecode: opts.fastDecode,
        inputArgs,
        info: info ?? undefined,
        probe: !unprobed,
        signal: req.signal,
        flow: req.flow,
        onInfo: req.onInfo,
      });
    },
  };
}
