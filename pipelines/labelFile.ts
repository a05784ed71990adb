/**
 * Label a video file, URL or byte stream to its end: the library's `labelVideo` and the examples use this.
 * A thin caller of labelStream (the one composition) with a file or stream source.
 */
import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { FlowControl } from '../src/decode/FlowControl.js';
import type { Model } from '../src/recurrent/model.js';
import { fileSource } from '../src/source/fileSource.js';
import { streamSource } from '../src/source/streamSource.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';
import { labelStream } from './labelStream.js';

export interface LabelFileOptions {
  model: Model;
  /** Seconds to skip at the start of the input (frame numbers and times stay the input's). */
  start?: number;
  /** Seconds to label from the start point. */
  duration?: number;
  /** Already-probed input description (skips a second ffprobe). */
  info?: VideoInfo;
  /** Called once the input has been probed, before the first frame. */
  onInfo?: (info: VideoInfo) => void;
  /** Ffmpeg input options placed before the input (e.g. a demuxer for a device). */
  inputArgs?: string[];
  signal?: AbortSignal;
  /** Lossless backpressure: pause decoding while the consumer catches up. */
  flow?: FlowControl;
}

export function labelFile(input: string | Readable, opts: LabelFileOptions): Observable<LabelEvent> {
  const source =
    typeof input === 'string'
      ? fileSource(input, { start: opts.start, duration: opts.duration, info: opts.info, inputArgs: opts.inputArgs })
      : streamSource(input, { inputArgs: opts.inputArgs });
  return labelStream({ source, model: opts.model, signal: opts.signal, flow: opts.flow, onInfo: opts.onInfo });
}
