import type { Readable } from 'node:stream';
import { defer, switchMap, type Observable } from 'rxjs';
import type { FlowControl } from '../decode/FlowControl.js';
import { labelFile } from '../../pipelines/labelFile.js';
import type { Model } from '../recurrent/model.js';
import type { LabelEvent, VideoInfo } from '../types.js';
import { resolveModel } from '../recurrent/resolveModel.js';

export interface LabelVideoOptions {
  /** A loaded model, or the path of a model file; default: the shipped default model. */
  model?: Model | string;
  /** Seconds to skip at the start. */
  start?: number;
  /** Seconds to label. */
  duration?: number;
  /** ffmpeg input options placed before the input, e.g. `['-f', 'v4l2']` for a camera (see `deviceInput`). */
  inputArgs?: string[];
  /** Called once the input has been probed. */
  onInfo?: (info: VideoInfo) => void;
  /** Aborting ends the stream with an error and stops ffmpeg. */
  signal?: AbortSignal;
  /** Lossless backpressure: pause decoding while paused (used by `events()`). */
  flow?: FlowControl;
}

/**
 * Every frame of a file, URL, device or stream, labelled: `labelVideo('clip.mp4').subscribe(ev => ...)`.
 * Nothing starts until subscription; each subscription runs its own ffmpeg and recurrent state;
 * unsubscribing stops ffmpeg.
 */
export function labelVideo(input: string | Readable, options: LabelVideoOptions = {}): Observable<LabelEvent> {
  return defer(() => resolveModel(options.model)).pipe(switchMap((model) => labelFile(input, { ...options, model })));
}
