/**
 * Reads an input's video stream description with ffprobe (JSON), or from ffmpeg's own header where ffprobe crashes,
 * with clear errors for unusable inputs.
 */
import { stat } from 'node:fs/promises';
import { DecodeError, FramewiseError, InputError } from '../errors.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { crashed } from '../ffmpeg/ffmpegProcess.js';
import { runFfmpeg } from '../ffmpeg/runFfmpeg.js';
import type { VideoInfo } from '../types.js';
import { describeWithFfmpeg } from './describeWithFfmpeg.js';
import { isUrlInput } from './isUrlInput.js';
import { ffmpegInputName } from './ffmpegInputName.js';

export interface ProbeOptions {
  signal?: AbortSignal;
  /** ffprobe is killed after this long (network inputs can stall forever). Default 30 s for files, 15 s for URLs. */
  timeoutMs?: number;
  /** Extra ffprobe input options placed before the input, e.g. ['-f', 'v4l2']; device paths then skip file checks. */
  inputArgs?: string[];
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
}

interface ProbeJson {
  streams?: ProbeStream[];
  format?: { duration?: string };
}

/** "30000/1001" → 29.97; "0/0" or garbage → null. */
function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d = '1'] = rate.split('/');
  const v = Number(n) / Number(d);
  return Number.isFinite(v) && v > 0 ? v : null;
}

/** Both rates known and equal (within rounding of their fractions): the stream is constant-rate. */
function sameRate(a: string | undefined, b: string | undefined): boolean {
  const x = parseRate(a);
  const y = parseRate(b);
  return x !== null && y !== null && Math.abs(x - y) <= 1e-6 * y;
}

function positive(value: string | undefined): number | null {
  const v = Number(value);
  return value !== undefined && Number.isFinite(v) && v > 0 ? v : null;
}

/** How far a frame count may fall short of, or run past, another before the two disagree: 2 %, at least 2 frames. */
export function countSlack(frames: number): number {
  return Math.max(2, Math.ceil(frames * 0.02));
}

/** Turns ffprobe's JSON into VideoInfo; exported for unit tests of odd containers. */
export function videoInfoFromProbe(json: ProbeJson, input: string): VideoInfo {
  // Cover art in audio files shows up as a one-picture "video" stream: it is not video.
  const video = json.streams?.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) {
    throw new InputError('E_NO_VIDEO_STREAM', `${input} has no video stream`);
  }
  if (!video.width || !video.height) {
    throw new InputError('E_INPUT_INVALID', `${input}: video stream has no picture size`);
  }
  const fps = parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate) ?? 0;
  const duration = positive(video.duration) ?? positive(json.format?.duration);
  const nb = positive(video.nb_frames);
  const estimate = duration !== null && fps > 0 ? Math.round(duration * fps) : null;
  // The container's count includes the samples an edit list hides: a clip cut by stream copy between keyframes keeps
  // the packets from the keyframe before its start, and its edit list skips them. A count clearly above the
  // duration's frames is of those packets, not of the frames that decode (and would read as a truncated file).
  const counted = nb !== null && (estimate === null || nb <= estimate + countSlack(estimate)) ? Math.round(nb) : null;
  const frames = counted ?? estimate;
  const info: VideoInfo = { width: video.width, height: video.height, fps, frames, duration, codec: video.codec_name ?? 'unknown' };
  if (counted !== null) info.framesCounted = true;
  if (sameRate(video.avg_frame_rate, video.r_frame_rate)) info.constantRate = true;
  return info;
}

/** File-system checks with one-line messages (ffprobe's own are less clear). */
async function checkLocalFile(input: string): Promise<void> {
  let st;
  try {
    st = await stat(input);
  } catch {
    throw new InputError('E_INPUT_MISSING', `input not found: ${input}`);
  }
  if (st.isDirectory()) throw new InputError('E_INPUT_INVALID', `input is a directory, not a video file: ${input}`);
  if (st.isFile() && st.size === 0) throw new InputError('E_INPUT_INVALID', `input is an empty file: ${input}`);
}

export async function probeVideo(input: string, opts: ProbeOptions = {}): Promise<VideoInfo> {
  const url = isUrlInput(input);
  const inputArgs = opts.inputArgs ?? [];
  if (!url && inputArgs.length === 0) await checkLocalFile(input);
  opts.signal?.throwIfAborted();
  const timeout = opts.timeoutMs ?? (url ? 15_000 : 30_000);
  const ffprobeInput = inputArgs.length === 0 ? ffmpegInputName(input) : input;
  // A server that stops sending fails the read rather than blocking ffprobe until the overall timeout.
  const io = url ? ['-rw_timeout', String(Math.min(timeout, 10_000) * 1000)] : [];
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...io, ...inputArgs, '-i', ffprobeInput];
  const { stdout, exit, stderrTail } = await runFfmpeg('ffprobe', args, { signal: opts.signal, timeoutMs: timeout });
  if (exit.spawnError) {
    throw new DecodeError('E_DECODE', `could not run ffprobe for ${input}: ${exit.spawnError.message}`, '', { cause: exit.spawnError });
  }
  if (exit.code !== 0 && opts.signal?.aborted) throw new FramewiseError('E_ABORTED', `probing ${input} was aborted`);
  if (crashed(exit)) {
    // ffprobe died by a signal nobody sent (the bundled build segfaults on every MPEG-TS file and HLS playlist): the
    // input may well be fine, so ffmpeg describes it instead; where it cannot either, callers decode it without a
    // probe (ffmpeg's own stream line describes it as it decodes) instead of failing.
    const described = inputArgs.length === 0 ? await describeWithFfmpeg(input, { signal: opts.signal, timeoutMs: timeout }) : null;
    if (described) return described;
    throw new DecodeError('E_PROBE_CRASHED', `ffprobe crashed (${exit.signal}) probing ${input}`, stderrTail.join('\n'));
  }
  if (exit.timedOut) throw new InputError('E_INPUT_INVALID', `ffprobe gave no answer for ${input} within ${timeout / 1000} s`);
  if (exit.code !== 0) {
    throw ffmpegFailure({ tool: 'ffprobe', input, ffmpegInput: ffprobeInput, task: `probing ${input}`, exit, tail: stderrTail, framesSeen: 0, device: false });
  }
  let json: ProbeJson;
  try {
    json = JSON.parse(stdout) as ProbeJson;
  } catch {
    throw new InputError('E_INPUT_INVALID', `${input}: ffprobe output is not JSON`);
  }
  return videoInfoFromProbe(json, input);
}
