/**
 * Turns a failed ffmpeg/ffprobe run into a typed error: a user error (InputError) when stderr shows the
 * input itself is unusable, otherwise a DecodeError carrying the stderr tail. Shared by decoding, probing
 * and the overlay render so one input fails the same way whichever tool met it first.
 */
import { DecodeError, FramewiseError, InputError } from '../errors.js';
import type { FfmpegExit, FfmpegTool } from './ffmpegProcess.js';

export interface FailedRun {
  tool: FfmpegTool;
  /** The input as our messages name it: a path, a URL, or "the input stream". */
  input: string;
  /** The input as ffmpeg names it; it prefixes its verdict with this, which our message already has. */
  ffmpegInput: string;
  /** What the run was for, ending "ffmpeg exited with code 1 while …": e.g. "decoding clip.mp4". */
  task: string;
  exit: FfmpegExit;
  /** Overrides the exit description, e.g. "stopped (Input stream error: …)". */
  how?: string;
  tail: readonly string[];
  /** Frames already delivered: unreadable data after good frames is a decode error, not a bad input. */
  framesSeen: number;
  /** The input is a capture device: its failures are E_DEVICE rather than E_DECODE. */
  device: boolean;
}

const UNREACHABLE =
  /No such file|Connection refused|Connection timed out|Name or service not known|Network is unreachable|Server returned 4\d\d|Failed to resolve|Host is unreachable/i;

function strip(line: string, run: FailedRun): string {
  return line.trim().replace(`${run.ffmpegInput}: `, '').replace(`${run.input}: `, '');
}

function probeFailure(run: FailedRun, text: string): InputError {
  const lines = run.tail.map((l) => l.trim()).filter(Boolean);
  let last = strip(lines.at(-1) ?? 'ffprobe failed', run);
  if (/moov atom not found/.test(text)) last = 'not a complete MP4/MOV file (moov atom not found)';
  if (UNREACHABLE.test(text)) return new InputError('E_INPUT_MISSING', `cannot open ${run.input}: ${last}`);
  return new InputError('E_INPUT_INVALID', `${run.input} is not a readable video: ${last}`);
}

export function ffmpegFailure(run: FailedRun): FramewiseError {
  const text = run.tail.join('\n');
  if (run.tool === 'ffprobe') return probeFailure(run, text);
  // ffmpeg's verdict is its last unindented line.
  const last = strip(run.tail.filter((l) => !/^\s/.test(l)).at(-1) ?? run.tail.at(-1) ?? '', run);
  if (/matches no streams|does not contain any stream/.test(text)) {
    return new InputError('E_NO_VIDEO_STREAM', `${run.input} has no video stream`);
  }
  if (run.framesSeen === 0 && /Invalid data found when processing input/.test(text)) {
    return new InputError('E_INPUT_INVALID', `${run.input} is not a readable video: ${last}`);
  }
  const how = run.how ?? (run.exit.signal ? `was killed by ${run.exit.signal}` : `exited with code ${run.exit.code}`);
  return new DecodeError(run.device ? 'E_DEVICE' : 'E_DECODE', `ffmpeg ${how} while ${run.task}${last ? `: ${last}` : ''}`, text);
}
