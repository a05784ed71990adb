import type { Readable } from 'node:stream';
import type { VideoInfo } from '../types.js';
import { fileSource } from './fileSource.js';
import type { Source } from './Source.js';
import { streamSource } from './streamSource.js';

/** A live input as ffmpeg sees it (what `framewise live`'s options describe). */
export interface LiveSource {
  /** A URL (rtsp://, udp://, tcp://, http://…), a device or file path, a lavfi graph, or a stream (stdin). */
  input: string | Readable;
  /** ffmpeg input options placed before `-i`, e.g. ['-f', 'v4l2'] for a camera. */
  inputArgs?: string[];
  /** Read the input at its native frame rate (ffmpeg -re): makes a file behave like a camera. */
  realtime?: boolean;
  /** What is known about the input, to skip probing (e.g. devices and lavfi graphs that ffprobe cannot open alone). */
  info?: VideoInfo;
}

/**
 * ffmpeg input options for every live source (the source's own options come after and win).
 * - analyzeduration 0.1 s: ffmpeg holds back the stream while it analyses it (5 s by default); those frames
 *   would then arrive as one stale burst that the keep-newest queue drops. 0.1 s starts decoding at once.
 * - thread_queue_size: a deeper input packet queue absorbs bursts from cameras and networks.
 * Any input option also makes the decoder skip its ffprobe pass, which would consume the start of a one-shot
 * live stream (a tcp listener, a pipe); ffmpeg describes the stream on stderr instead.
 * (Not -fflags nobuffer: it loses the first frames of an MPEG-TS stream.)
 */
export const LIVE_INPUT_ARGS: readonly string[] = ['-analyzeduration', '100000', '-thread_queue_size', '512'];

const CAPTURE_FORMATS = /^(v4l2|video4linux2|avfoundation|dshow|vfwcap|x11grab|gdigrab|kmsgrab|android_camera|decklink)$/;

/**
 * The Source for a live input. It cannot wait (frames are dropped when framewise falls behind) when it is a
 * capture device, a streaming URL, or read at native rate (--re, like a camera); a plain file or a pipe can, and
 * gets backpressure instead: every frame is labelled.
 */
export function liveSource(desc: LiveSource): Source {
  const inputArgs = [...LIVE_INPUT_ARGS, ...(desc.inputArgs ?? [])];
  // The process's stdin is destroyed when the run ends (else it keeps the process alive); other streams are the caller's.
  if (typeof desc.input !== 'string') return streamSource(desc.input, { inputArgs, name: 'stdin', owned: desc.input === process.stdin });
  const f = desc.inputArgs?.indexOf('-f') ?? -1;
  const capture = f >= 0 && CAPTURE_FORMATS.test(desc.inputArgs?.[f + 1] ?? '');
  const source = fileSource(desc.input, { inputArgs, realtime: desc.realtime, info: desc.info });
  return capture || desc.realtime === true ? { ...source, live: true } : source;
}
