import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import type { VideoInfo } from '../types.js';
import { NETWORK_IO_TIMEOUT_MS } from './decodeArgs.js';
import { ffmpegInputName } from './ffmpegInputName.js';
import { isUrlInput } from './isUrlInput.js';
import { StreamInfoFromStderr } from './streamInfoFromStderr.js';

/**
 * An input's description from ffmpeg itself, for an input ffprobe crashed on (the bundled ffprobe build segfaults on
 * every MPEG-TS file and HLS playlist that ffmpeg reads well): `ffmpeg -i INPUT` with no output prints the input's
 * header and stops. Picture size, frame rate, duration and a frame count estimated from them (not a container's
 * count, so no truncation check rests on it); null where ffmpeg names no video stream.
 */
export async function describeWithFfmpeg(input: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<VideoInfo | null> {
  const header = new StreamInfoFromStderr();
  let info: VideoInfo | null = null;
  const io = isUrlInput(input) ? ['-rw_timeout', String(NETWORK_IO_TIMEOUT_MS * 1000)] : [];
  // ffmpeg exits 1 ("At least one output file must be specified") after the header: only the header matters.
  await runFfmpeg('ffmpeg', ['-hide_banner', '-nostdin', ...io, '-i', ffmpegInputName(input)], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? 30_000,
    onStderrLine: (line) => {
      info ??= header.line(line);
    },
  });
  return info;
}
