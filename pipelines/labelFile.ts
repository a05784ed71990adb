/**
 * Label a video file (or any input ffmpeg reads to its end): decode → features → recurrent → labels.
 * The CLI's `framewise label` runs this; copy it and swap a stage to build your own.
 */
import type { Readable } from 'node:stream';
import { type Observable } from 'rxjs';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import type { FlowControl } from '../src/decode/FlowControl.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { toLabels } from '../src/labels/toLabels.js';
import type { Model } from '../src/recurrent/model.js';
import { recurrentLabel } from '../src/recurrent/recurrentLabel.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';

export interface LabelFileOptions {
  model: Model;
  /** Seconds to skip at the start of the input. */
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
  const { model } = opts;
  const { width, height } = model.meta.feature;
  return decodeFrames(input, {
    width,
    height,
    pixelFormat: FEATURE_PIXEL_FORMAT,
    start: opts.start,
    duration: opts.duration,
    info: opts.info,
    onInfo: opts.onInfo,
    inputArgs: opts.inputArgs,
    signal: opts.signal,
    flow: opts.flow,
  }).pipe(extractFeatures(model.meta.feature), recurrentLabel(model), toLabels(model.meta.labels));
}
