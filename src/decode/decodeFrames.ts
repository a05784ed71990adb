/**
 * decodeFrames: an Observable of analysis-size frames (rgb24 or yuv420p) decoded by one ffmpeg process per subscription.
 *
 * ffmpeg scales (`scale=W:H:flags=area`: the feature extractor relies on area averaging) and converts to
 * the pixel format asked for; `-vsync passthrough` keeps exactly one output frame per decoded frame (VFR stays VFR, nothing is
 * duplicated or dropped), and `settb=AVTB,showinfo` (without its checksums: showinfoFilter.ts) prints each
 * frame's pts in microseconds on stderr.
 * Frames from stdout and times from stderr arrive in no guaranteed order; they are paired in order (the n-th
 * showinfo line belongs to the n-th frame).
 *
 * A local file is decoded in batches (framesPerWrite, decodeArgs.ts): ffmpeg stacks several frames in each picture
 * it writes, and its stderr, a pipe this process does not watch (stderrOnDemand), is read when a picture arrives (a
 * frame's line is written before the frame), so that Node wakes once per batch rather than for every frame and every
 * part of a showinfo line, the larger share of what receiving frames costs it. Live sources, streams and URLs get
 * each frame as soon as it is decoded.
 *
 * The process belongs to src/ffmpeg/ffmpegProcess.ts (kill policy, stderr tail); its failures become typed
 * errors in src/ffmpeg/ffmpegFailure.ts.
 */
import { Writable, type Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { DecodeError, FramewiseError, UsageError } from '../errors.js';
import { ffmpegFailure } from '../ffmpeg/ffmpegFailure.js';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/ffmpegProcess.js';
import type { Frame, PixelFormat, VideoInfo } from '../types.js';
import { ffmpegInputName } from './ffmpegInputName.js';
import { decodeArgs, framesPerWrite } from './decodeArgs.js';
import { frameBytes, framePlanes } from './frameBytes.js';
import type { FlowControl } from './FlowControl.js';
import { FrameNumbering } from './FrameNumbering.js';
import { FrameSplitter } from './frameSplitter.js';
import { countSlack, probeVideo } from './probeVideo.js';
import { showinfoTime } from './showinfoLine.js';
import { StreamInfoFromStderr } from './streamInfoFromStderr.js';

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
  /** Take the decoder shortcuts of FAST_DECODE_ARGS (decodeArgs.ts): faster, a little less accurate. */
  fastDecode?: boolean;
  /** ffmpeg input options placed before the input, e.g. ['-f', 'v4l2'] (see source/deviceInput.ts). */
  inputArgs?: string[];
  /** Skip the ffprobe pass and use this description. */
  info?: VideoInfo;
  /** false: no ffprobe pass (the description comes from ffmpeg's stderr), e.g. after ffprobe crashed on the input. */
  probe?: boolean;
  signal?: AbortSignal;
  /** Called once with the input's description: from ffprobe, or from ffmpeg's stderr when not probed. */
  onInfo?: (info: VideoInfo) => void;
  /** Called when ffmpeg has been spawned (logging, tests). */
  onStart?: (pid: number, commandLine: string) => void;
  /** Pauses reading ffmpeg's output while paused (lossless backpressure for a slow consumer). */
  flow?: FlowControl;
  /**
   * A decode that yields no frame for this long while its consumer is ready for one (not paused by `flow`) is
   * stalled: ffmpeg is stopped and the stream fails with a DecodeError naming the input. Default STALL_TIMEOUT_MS;
   * 0 never.
   */
  stallTimeoutMs?: number;
}

export { NETWORK_IO_TIMEOUT_MS } from './decodeArgs.js';
/** The no-progress watchdog's default: no frame for this long (consumer ready) and the decode is stalled. */
export const STALL_TIMEOUT_MS = 30_000;

/** Lines of ffmpeg's stderr kept for error messages (showinfo lines excluded). */
const TAIL_LINES = 20;
const DEVICE_FORMATS = /^(v4l2|video4linux2|avfoundation|dshow|vfwcap|x11grab|gdigrab|kmsgrab|android_camera|decklink)$/;

/** A frame decoded and timed, waiting for its number. */
interface Decoded {
  time: number;
  data: Uint8Array;
  decodedAt: number;
}

function describe(input: string | Readable): string {
  return typeof input === 'string' ? input : 'the input stream';
}

function isDevice(inputArgs: string[]): boolean {
  const i = inputArgs.indexOf('-f');
  return i >= 0 && DEVICE_FORMATS.test(inputArgs[i + 1] ?? '');
}

/**
 * ffmpeg ends a truncated or damaged input (a cut download, a stalled server after its read timeout) with exit code
 * 0 and only warnings: a whole-input decode that yields clearly fewer frames than the container counts (nb_frames, not
 * a duration estimate) is an error instead. The slack allows for a frame or two counted and never output.
 */
function shortfall(info: VideoInfo | null, delivered: number, opts: DecodeOptions): { announced: number } | null {
  if (!info?.framesCounted || info.frames === null || opts.start !== undefined || opts.duration !== undefined) return null;
  return delivered < info.frames - countSlack(info.frames) ? { announced: info.frames } : null;
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
    let proc: FfmpegProcess | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    const probeAbort = new AbortController();

    const onAbort = (): void => subscriber.error(new FramewiseError('E_ABORTED', `decoding ${describe(input)} was aborted`));
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let inputError: Error | undefined;
    const onInputError = (err: Error): void => {
      inputError ??= err;
      proc?.terminate();
    };

    const run = (info: VideoInfo | null): void => {
      const planes = framePlanes(format, width, height);
      const argsOptions = {
        width,
        height,
        pixelFormat: format,
        start: opts.start,
        duration: opts.duration,
        realtime: opts.realtime,
        inputArgs,
        fastDecode: opts.fastDecode,
      };
      const path = typeof input === 'string' ? input : null;
      const stack = framesPerWrite(path, argsOptions);
      const splitter = new FrameSplitter(frameBytes(format, width, height), stack, planes);
      const streamInfo = info ? null : new StreamInfoFromStderr();
      const start = opts.start ?? 0;
      let fps = info?.fps ?? 0;
      // When pts is missing (rare raw streams), step by the nominal frame rate.
      let fallbackStep = fps > 0 ? 1 / fps : 1 / 25;
      /** [frameSize] each: frames waiting for their showinfo line. */
      const frames: Uint8Array[] = [];
      const times: number[] = [];
      let delivered = 0;
      let lastTime = start - fallbackStep;
      let lastProgress = Date.now();
      let stalled = false;
      let constantRate = info?.constantRate === true;
      // Made at the first frame: without a probe, the rate comes from ffmpeg's stream line, printed before any frame.
      let numbering: FrameNumbering<Decoded> | null = null;
      const numberFrames = (): FrameNumbering<Decoded> =>
        new FrameNumbering<Decoded>(
          {
            // After a seek, number frames as the source does, so that index and time share its origin.
            first: (t) => (opts.start !== undefined && fps > 0 ? Math.round(t * fps) : 0),
            fps: constantRate && fps > 0 ? fps : null,
            // A live source cannot wait for the next frame to settle this one's number.
            lookahead: !opts.realtime && !isDevice(inputArgs),
          },
          (d, index) => {
            if (!closed) subscriber.next({ index, time: d.time, width, height, format, data: d.data, decodedAt: d.decodedAt });
          },
        );

      const pair = (): void => {
        while (frames.length > 0 && times.length > 0 && !closed) {
          const data = frames.shift()!;
          const pts = times.shift()!;
          const time = Number.isNaN(pts) ? lastTime + fallbackStep : start + pts;
          lastTime = time;
          delivered++;
          lastProgress = Date.now();
          numbering ??= numberFrames();
          numbering.push({ time, data, decodedAt: performance.now() }, time);
        }
      };
      /** The input has ended: number and emit the frames held for their successors. */
      const drain = (): void => {
        pair();
        if (!closed) numbering?.flush();
      };

      const sink = new Writable({
        emitClose: false,
        write(chunk: Buffer, _enc, done) {
          // Frames are split as bytes arrive; under flow control the callback waits, so 'close' waits for 'finish'.
          if (!closed) splitter.push(chunk, (f) => frames.push(f));
          // Only frames still without a time need stderr now (an empty pipe costs a thrown EAGAIN): a batch's second
          // chunk usually finds its times read with the first.
          if (frames.length > times.length) proc?.readStderr();
          pair();
          if (opts.flow) opts.flow.whenFlowing(done);
          else done();
        },
      });

      const ffmpegInput = typeof input === 'string' ? (inputArgs.length === 0 ? ffmpegInputName(input) : input) : 'pipe:0';
      const args = decodeArgs(path, argsOptions);

      const p = spawnFfmpeg('ffmpeg', args, {
        stdin: typeof input === 'string' ? 'ignore' : 'pipe',
        // Batched frames arrive a picture at a time: their showinfo lines are read then, not as each is written.
        stderrOnDemand: stack > 1,
        tailLines: TAIL_LINES,
        keepInTail: (line) => !/Parsed_showinfo/.test(line),
        onStderrLine: (line) => {
          const t = showinfoTime(line);
          if (t !== null) {
            // A frame decoded is progress, even while it waits for the rest of its batch.
            lastProgress = Date.now();
            times.push(t);
            pair();
            return;
          }
          const found = streamInfo?.line(line);
          if (found) {
            if (found.fps > 0) {
              fps = found.fps;
              fallbackStep = 1 / found.fps;
            }
            constantRate = found.constantRate === true;
            opts.onInfo?.(found);
          }
        },
      });
      proc = p;
      const stallMs = opts.stallTimeoutMs ?? STALL_TIMEOUT_MS;
      if (stallMs > 0) {
        watchdog = setInterval(() => {
          // Time spent paused by a slow consumer is not a stall.
          if (opts.flow?.isPaused) lastProgress = Date.now();
          else if (Date.now() - lastProgress > stallMs && !stalled) {
            stalled = true;
            p.terminate();
          }
        }, Math.min(1000, Math.max(50, stallMs / 4)));
      }
      p.stdout!.pipe(sink);
      if (typeof input !== 'string') {
        // Stays attached after the run: a later error of the caller's stream must not go unhandled here.
        input.on('error', onInputError);
        input.pipe(p.stdin!);
      }
      if (p.pid !== undefined) opts.onStart?.(p.pid, p.commandLine);

      void p.exited.then((exit) => {
        clearInterval(watchdog);
        if (closed) return;
        if (stalled) {
          drain();
          subscriber.error(
            new DecodeError('E_DECODE', `${describe(input)} stalled: no frame for ${stallMs / 1000} s after ${delivered} frame${delivered === 1 ? '' : 's'}`, p.stderrTail().join('\n')),
          );
          return;
        }
        if (exit.spawnError) {
          subscriber.error(new DecodeError('E_DECODE', `could not run ffmpeg for ${describe(input)}: ${exit.spawnError.message}`, '', { cause: exit.spawnError }));
          return;
        }
        const tail = p.stderrTail();
        if (exit.code === 0 && !inputError) {
          const settle = (): void => {
            if (closed) return;
            drain();
            const short = shortfall(info, delivered, opts);
            // The last picture's padding: frames without a showinfo line.
            if (frames.length < stack) frames.length = 0;
            if (frames.length > 0 || splitter.pending > 0) {
              subscriber.error(new DecodeError('E_DECODE', `ffmpeg output for ${describe(input)} ended inside a frame`, tail.join('\n')));
            } else if (short) {
              subscriber.error(new DecodeError('E_DECODE', `${describe(input)}: decoded ${delivered} of the ${short.announced} frames its container announces (truncated or damaged input)`, tail.join('\n')));
            } else {
              subscriber.complete();
            }
          };
          // A paused consumer (flow) may still hold unread output after ffmpeg has exited: finish it first.
          if (sink.writableFinished) settle();
          else sink.once('finish', settle);
          return;
        }
        drain();
        subscriber.error(
          ffmpegFailure({
            tool: 'ffmpeg',
            input: describe(input),
            ffmpegInput,
            task: `decoding ${describe(input)}`,
            exit,
            how: inputError ? `stopped (Input stream error: ${inputError.message})` : undefined,
            tail,
            framesSeen: delivered,
            device: isDevice(inputArgs),
          }),
        );
      });
    };

    const begin = async (): Promise<void> => {
      let info = opts.info ?? null;
      // A Readable or a device can be opened only once: their info comes from ffmpeg's stderr instead.
      if (!info && typeof input === 'string' && inputArgs.length === 0 && opts.probe !== false) {
        info = await probeVideo(input, { signal: probeAbort.signal }).catch((err: unknown) => {
          if (err instanceof FramewiseError && err.code === 'E_PROBE_CRASHED') return null; // decode unprobed
          throw err;
        });
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
      clearInterval(watchdog);
      probeAbort.abort();
      opts.signal?.removeEventListener('abort', onAbort);
      if (!proc) return;
      // The caller owns a Readable input: detach it from the dying process, leave it open.
      if (typeof input !== 'string' && proc.stdin) input.unpipe(proc.stdin);
      proc.terminate();
    };
  });
}
