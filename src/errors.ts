/**
 * Typed errors with stable `code` strings. User errors (bad input, bad model, bad usage) are printed by
 * the CLI as one line without a stack trace; anything else is a bug and keeps its stack.
 */
import { redactUrl } from './source/redactUrl.js';

export type ErrorCode =
  | 'E_INPUT_MISSING'
  | 'E_INPUT_INVALID'
  | 'E_NO_VIDEO_STREAM'
  | 'E_DECODE'
  | 'E_FFMPEG_NOT_FOUND'
  | 'E_MODEL_INVALID'
  | 'E_TRUTH_INVALID'
  | 'E_USAGE'
  | 'E_DEVICE'
  | 'E_ABORTED'
  | 'E_OUTPUT_CLOSED'
  | 'E_OUTPUT'
  | 'E_PROBE_CRASHED'
  | 'E_REDIS';

export class FramewiseError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    // Messages name inputs, and an input URL may carry a password: it never reaches a terminal or a log.
    super(redactUrl(message), options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The input cannot be read as video: missing, empty, not a video, no video stream. */
export class InputError extends FramewiseError {}
/** ffmpeg failed while decoding, or could not be found. `stderrTail` holds ffmpeg's last lines. */
export class DecodeError extends FramewiseError {
  readonly stderrTail: string;
  constructor(code: ErrorCode, message: string, stderrTail = '', options?: { cause?: unknown }) {
    super(code, message, options);
    this.stderrTail = redactUrl(stderrTail);
  }
}
/** A model file is missing, malformed, or inconsistent with its declared architecture. */
export class ModelError extends FramewiseError {}
/** A truth file (NAME.labels.json) is invalid. */
export class TruthError extends FramewiseError {}
/** An output cannot be written (a full disk, an I/O error) or would destroy something it must not replace. */
export class OutputError extends FramewiseError {}
/** Bad command-line usage or options. */
export class UsageError extends FramewiseError {}

export function isUserError(err: unknown): err is FramewiseError {
  return err instanceof FramewiseError;
}
