/**
 * decodeFrames: an Observable of analysis-size frames (rgb24 or yuv420p) decoded by one ffmpeg process per subscription.
 *
 * ffmpeg scales (`scale=W:H:flags=area`: the feature extractor relies on area averaging) and converts to
 * the pixel format asked for; `-vsync passthrough` keeps exactly one output frame per decoded frame (VFR stays VFR, nothing is
 * duplicated or dropped), and `settb=AVTB,showinfo` (without its checksums: showinfoFilter.ts) prints each
 * frame's pts in microseconds on stderr.
 * Frames from stdout and times from stderr arrive on two pipes in no guaranteed order; they are paired
 * in order (the n-th showinfo line belongs to the n-th frame).
 *
 * fluent-ffmpeg (deprecated upstream, kept by decision) is used only here.
 */
import type { ChildProcess } from 'node:child_process';
import { Writable, type Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { Observable } from 'rxjs';
import { DecodeError, FramewiseError, InputError, UsageError, type ErrorCode } from '../errors.js';
import type { Frame, PixelFormat, VideoInfo } from '../types.js';
import { ffmpegInputName } from './ffmpegInputName.js';
import { frameBytes } from './frameBytes.js';
import { resolveFfmpeg } from './ffmpegPath.js';
import type { FlowControl } from './FlowControl.js';
import { FrameSplitter } from './frameSplitter.js';
import { probeVideo } from './probeVideo.js';
import { showinfoFilter } from './showinfoFilter.js';
import { showinfoTime } from './showinfoLine.js';
import { StreamInfoFromStderr } from './streamInfoFromStderr.js';
import { terminateProcess } from './terminateProcess.js';

export interface DecodeOptions {
  /** Analysis width in pixels (ffmpeg scales to it). */
  width: number;
  /** Analysis height in pixels. */
  height: number;
  /** Pixel format of the frames (default rgb24; the feature extractor takes yuv420p, half the bytes). */
  pixelFormat?: PixelFormat;
  /** Seek to this time (seconds) before decoding; frame times stay relative to the input's start. */
  start?: number;
  /** Decode at most this many seconds. */
  duration?: number;
  /** Read the input at its native frame rate (`-re`), to simulate a live source from a file. */
  realtime?: boolean;
  /** ffmpeg input options placed before the input, e.g. ['-f', 'v4l2'] (see source/deviceInput.ts). */
  inputArgs?: string[];
  /** Skip the ffprobe pass and use this description. */
  info?: VideoInfo;
  signal?: AbortSignal;
  /** Called once with the input's description: from ffprobe, or from ffmpeg's stderr when not probed. */
  onInfo?: (info: VideoInfo) => void;
  /** Called when ffmpeg has been spawned (logging, tests). */
  onStart?: (pid: number, commandLine: string) => void;
  /** Pauses reading ffmpeg's output while paused (lossless backpressure for a slow consumer). */
  flow?: FlowControl;
}

/** Lines of ffmpeg's stderr kept for error messages (showinfo lines excluded). */
const TAIL_LINES = 20;
/** ffmpeg gets this long to exit after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 1000;
const DEVICE_FORMATS = /^(v4l2|video4linux2|avfoundation|dshow|vfwcap|x11grab|gdigrab|kmsgrab|android_camera|decklink)$/;

/** fluent-ffmpeg sets `ffmpegProc` while the process runs; its typings do not declare it. */
function processOf(cmd: ffmpeg.FfmpegCommand): ChildProcess | undefined {
  return (cmd as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
}

function describe(input: string | Readable): string {
  return typeof input === 'string' ? input : 'the input stream';
}

function isDevice(inputArgs: string[]): boolean {
  const i = inputArgs.indexOf('-f');
  return i >= 0 && DEVICE_FORMATS.test(inputArgs[i + 1] ?? '');
}

/** Maps a failed ffmpeg run to a typed error carrying the stderr tail. */
function failure(
  input: string | Readable,
  inputArgs: string[],
  how: string,
  tail: string[],
  framesSeen: number,
): FramewiseError {
  const text = tail.join('\n');
  const name = describe(input);
  const ffName = typeof input === 'string' ? (inputArgs.length === 0 ? ffmpegInputName(input) : input) : 'pipe:0';
  // ffmpeg's verdict is the last unindented line, prefixed with the input name that our message already has.
  const last = (tail.filter((l) => !/^\s/.test(l)).at(-1) ?? tail.at(-1) ?? '').trim().replace(`${ffName}: `, '');
  if (/matches no streams|does not contain any stream/.test(text)) {
    return new InputError('E_NO_VIDEO_STREAM', `${name} has no video stream`);
  }
  if (framesSeen === 0 && /Invalid data found when processing input/.test(text)) {
    return new InputError('E_INPUT_INVALID', `${name} is not a readable video: ${last}`);
  }
  const code: ErrorCode = isDevice(inputArgs) ? 'E_DEVICE' : 'E_DECODE';
  return new DecodeError(code, `ffmpeg ${how} while decoding ${name}${last ? `: ${last}` : ''}`, text);
}

export function decodeFrames(input: string | Readable, opts: DecodeOptions): Observable<Frame> {
  const { width, height } = opts;
  const format = opts.pixelFormat ?? 'rgb24';
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new UsageError('E_USAGE', `analysis size must be positive integers, got ${width}x${height}`);
  }
  const inputArgs = opts.inputArgs ?? [];

  return new Observable<Frame>((subscriber) => {
    let closed = false;
    let command: ffmpeg.FfmpegCommand | undefined;
    let proc: ChildProcess | undefined;
    const probeAbort = new AbortController();

    const onAbort = (): void => subscriber.error(new FramewiseError('E_ABORTED', `decoding ${describe(input)} was aborted`));
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const run = (info: VideoInfo | null): void => {
      const tools = resolveFfmpeg();
      const frameSize = frameBytes(format, width, height);
      const splitter = new FrameSplitter(frameSize);
      const streamInfo = info ? null : new StreamInfoFromStderr();
      const start = opts.start ?? 0;
      // When pts is missing (rare raw streams), step by the nominal frame rate.
      let fallbackStep = info && info.fps > 0 ? 1 / info.fps : 1 / 25;
      /** [frameSize] each: frames waiting for their showinfo line. */
      const frames: Uint8Array[] = [];
      const times: number[] = [];
      const tail: string[] = [];
      let index = 0;
      let lastTime = start - fallbackStep;
      let fluentError: Error | undefined;

      const pair = (): void => {
        while (frames.length > 0 && times.length > 0 && !closed) {
          const data = frames.shift()!;
          const pts = times.shift()!;
          const time = Number.isNaN(pts) ? lastTime + fallbackStep : start + pts;
          lastTime = time;
          subscriber.next({ index: index++, time, width, height, format, data, decodedAt: performance.now() });
        }
      };

      const sink = new Writable({
        emitClose: false,
        write(chunk: Buffer, _enc, done) {
          // Frames are split as bytes arrive; under flow control the callback waits, so 'close' waits for 'finish'.
          if (!closed) splitter.push(chunk, (f) => frames.push(f));
          pair();
          if (opts.flow) opts.flow.whenFlowing(done);
          else done();
        },
      });

      const inputName = typeof input === 'string' && inputArgs.length === 0 ? ffmpegInputName(input) : input;
      const inputOptions = ['-hide_banner', '-nostdin', '-nostats'];
      if (opts.realtime) inputOptions.push('-re');
      if (opts.start !== undefined) inputOptions.push('-ss', String(opts.start));
      // As an input option, -t becomes a trim before the filters: no showinfo line for a frame never output.
      if (opts.duration !== undefined) inputOptions.push('-t', String(opts.duration));
      inputOptions.push(...inputArgs);
      const outputOptions = [
        '-map', '0:v:0', '-an', '-sn', '-dn',
        '-vsync', 'passthrough',
        '-vf', `scale=${width}:${height}:flags=area,format=${format},settb=AVTB,${showinfoFilter(tools.ffmpeg.path)}`,
        '-pix_fmt', format,
        '-f', 'rawvideo',
      ];

      ffmpeg.setFfmpegPath(tools.ffmpeg.path);
      ffmpeg.setFfprobePath(tools.ffprobe.path);
      const cmd = ffmpeg({ stdoutLines: TAIL_LINES })
        .input(inputName)
        .inputOptions(inputOptions)
        .output(sink, { end: true })
        .outputOptions(outputOptions);
      command = cmd;

      cmd.on('stderr', (line: string) => {
        const t = showinfoTime(line);
        if (t !== null) {
          times.push(t);
          pair();
          return;
        }
        if (/Parsed_showinfo/.test(line) || line.trim() === '') return;
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        const found = streamInfo?.line(line);
        if (found) {
          if (found.fps > 0) fallbackStep = 1 / found.fps;
          opts.onInfo?.(found);
        }
      });

      cmd.on('start', (commandLine: string) => {
        const p = processOf(cmd);
        if (!p) return;
        proc = p;
        p.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
          if (closed) return;
          if (code === 0) {
            const settle = (): void => {
              if (closed) return;
              pair();
              if (frames.length > 0 || splitter.pending > 0) {
                subscriber.error(new DecodeError('E_DECODE', `ffmpeg output for ${describe(input)} ended inside a frame`, tail.join('\n')));
              } else {
                subscriber.complete();
              }
            };
            // A paused consumer (flow) may still hold unread output after ffmpeg has exited: finish it first.
            if (sink.writableFinished) settle();
            else sink.once('finish', settle);
            return;
          }
          pair();
          const how = fluentError?.message.startsWith('Input stream error')
            ? `stopped (${fluentError.message})`
            : signal
              ? `was killed by ${signal}`
              : `exited with code ${code}`;
          subscriber.error(failure(input, inputArgs, how, tail, index));
        });
        if (p.pid !== undefined) opts.onStart?.(p.pid, commandLine);
      });

      cmd.on('error', (err: Error) => {
        fluentError ??= err;
        // Once ffmpeg runs, its 'close' decides; before that (capability check, spawn failure) this is the end.
        if (!proc || proc.pid === undefined) {
          subscriber.error(new DecodeError('E_DECODE', `could not run ffmpeg for ${describe(input)}: ${err.message}`, tail.join('\n'), { cause: err }));
        }
      });

      cmd.run();
    };

    const begin = async (): Promise<void> => {
      let info = opts.info ?? null;
      // A Readable or a device can be opened only once: their info comes from ffmpeg's stderr instead.
      if (!info && typeof input === 'string' && inputArgs.length === 0) {
        info = await probeVideo(input, { signal: probeAbort.signal });
      }
      if (closed) return;
      if (info) opts.onInfo?.(info);
      run(info);
    };
    begin().catch((err: unknown) => {
      if (!closed) subscriber.error(err);
    });

    return () => {
      closed = true;
      probeAbort.abort();
      opts.signal?.removeEventListener('abort', onAbort);
      if (!command) return;
      const cmd = command;
      cmd.removeAllListeners();
      cmd.on('error', () => {}); // fluent-ffmpeg still reports the kill; nobody is listening any more
      // The caller owns a Readable input: detach it from the dying process, leave it open.
      if (typeof input !== 'string' && proc?.stdin) input.unpipe(proc.stdin);
      if (proc) terminateProcess(proc, KILL_GRACE_MS);
      else {
        cmd.once('start', () => {
          const p = processOf(cmd);
          if (p) terminateProcess(p, KILL_GRACE_MS);
        });
      }
    };
  });
}
