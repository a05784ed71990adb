import type { Readable } from 'node:stream';
import { finalize, type Observable } from 'rxjs';
import { decodeFrames } from '../decode/decodeFrames.js';
import type { Frame } from '../types.js';
import type { FrameRequest, Source } from './Source.js';

export interface StreamSourceOptions {
  /** ffmpeg's input format when it cannot guess it from the bytes (e.g. 'mpegts'). */
  inputFormat?: string;
  /** ffmpeg input options before the input's own (e.g. low-latency options for live use). */
  inputArgs?: string[];
  /** Destroy the stream when the run ends (stdin: lets the process exit). Default false: the caller owns it. */
  owned?: boolean;
  name?: string;
}

/**
 * A byte stream of any container ffmpeg reads from a pipe (stdin, a socket, your own Readable). It can be read
 * only once and is not probed (ffmpeg describes it on stderr). A pipe can wait, so it gets backpressure.
 */
export function streamSource(stream: Readable, opts: StreamSourceOptions = {}): Source {
  const inputArgs = [...(opts.inputArgs ?? []), ...(opts.inputFormat !== undefined ? ['-f', opts.inputFormat] : [])];
  return {
    name: opts.name ?? 'the input stream',
    live: false,
    probe: () => Promise.resolve(null),
    frames(req: FrameRequest): Observable<Frame> {
      const frames = decodeFrames(stream, {
        width: req.width,
        height: req.height,
        pixelFormat: req.pixelFormat,
        inputArgs,
        signal: req.signal,
        flow: req.flow,
        onInfo: req.onInfo,
      });
      return opts.owned ? frames.pipe(finalize(() => stream.destroy())) : frames;
    },
  };
}
