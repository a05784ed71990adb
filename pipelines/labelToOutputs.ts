/**
 * `framewise label` as one call: a file or URL labelled into one output format (a file or stdout) and, optionally,
 * an overlay video drawn once every frame is labelled. Each output is a sink; none of them looks complete after a
 * failed or interrupted run.
 */
import { labelRegistry } from '../src/labels/labelRegistry.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { withSensitivity, type Sensitivity } from '../src/recurrent/withSensitivity.js';
import { reportDataOf } from '../src/report/reportDataOf.js';
import { checkOverlayOut, writeOverlay } from '../src/report/writeOverlay.js';
import { checkOutputPath } from '../src/sinks/checkOutputPath.js';
import { createSink } from '../src/sinks/createSink.js';
import type { SinkFormat } from '../src/sinks/LabelSink.js';
import { wholeRunSink } from '../src/sinks/wholeRunSink.js';
import { fileSource } from '../src/source/fileSource.js';
import { InputError } from '../src/errors.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';
import { runLabelling, type RunResult, type SinkFactory } from './runLabelling.js';

// What `framewise label`'s options are checked against, for its callers.
export { sinkFormatOf } from '../src/sinks/sinkFormatOf.js';
export type { SinkFormat, VideoInfo };

export interface LabelToOutputsOptions {
  /** A model, or the path of a model file. */
  model: Model | string;
  format: SinkFormat;
  /** Output file; stdout when absent. */
  out?: string;
  /** More outputs of the same run, each a file in its own format (a queue worker writes several). */
  also?: readonly { format: SinkFormat; out: string }[];
  start?: number;
  duration?: number;
  /** Take the decoder shortcuts of FAST_DECODE_ARGS (decodeArgs.ts): faster, a little less accurate. */
  fastDecode?: boolean;
  /** Leave out frames/segments inside a shot (still, motion). */
  eventsOnly?: boolean;
  /** Scene formats: split gradual transitions at their middle between the two scenes. */
  splitGradual?: boolean;
  /** Scene formats: join scenes shorter than this many frames to a neighbour across a cut. */
  minSceneLength?: number;
  /** Offsets on the transition labels' logits (withSensitivity); default none: the model as it is. */
  sensitivity?: Sensitivity;
  /** Also write a copy of the video with the labels drawn on it. */
  overlay?: string;
  signal?: AbortSignal;
  onInfo?: (info: VideoInfo | null) => void;
  onEvent?: (ev: LabelEvent) => void;
  /** Frames drawn by the overlay pass. */
  onOverlayProgress?: (frames: number) => void;
}

export async function labelToOutputs(input: string, opts: LabelToOutputsOptions): Promise<RunResult> {
  if (opts.overlay) checkOverlayOut(opts.overlay);
  // Before anything is opened (a streamed output is truncated when opened): no output may be an input.
  const inputs = typeof opts.model === 'string' ? [input, opts.model] : [input];
  if (opts.out !== undefined) checkOutputPath(opts.out, { inputs, wholeFile: opts.format === 'segments', purpose: 'output file' });
  if (opts.overlay) checkOutputPath(opts.overlay, { inputs: opts.out === undefined ? inputs : [...inputs, opts.out], wholeFile: false, purpose: 'overlay' });
  const model = withSensitivity(await resolveModel(opts.model), opts.sensitivity);
  const registry = labelRegistry(model.meta);
  const sinks: SinkFactory[] = [
    ({ source, info }) =>
      createSink(opts.format, {
        out: opts.out,
        source,
        fps: info?.fps,
        frames: info?.frames,
        width: info?.width,
        height: info?.height,
        eventsOnly: opts.eventsOnly,
        splitGradual: opts.splitGradual,
        minSceneLength: opts.minSceneLength,
        segments: { registry },
      }),
  ];
  for (const extra of opts.also ?? []) {
    sinks.push(({ source, info }) =>
      createSink(extra.format, { out: extra.out, source, fps: info?.fps, frames: info?.frames, eventsOnly: opts.eventsOnly, segments: { registry } }),
    );
  }
  const overlay = opts.overlay;
  if (overlay) {
    sinks.push(({ info, signal }) =>
      wholeRunSink(async (events) => {
        if (!info) throw new InputError('E_INPUT_INVALID', `${input} could not be probed, and the overlay needs its size and frame rate`);
        await writeOverlay(input, reportDataOf(input, info, model.meta, events, opts.start), { out: overlay, duration: opts.duration, signal, onProgress: opts.onOverlayProgress });
      }),
    );
  }
  return runLabelling({
    source: fileSource(input, { start: opts.start, duration: opts.duration, fastDecode: opts.fastDecode }),
    model,
    sinks,
    signal: opts.signal,
    onInfo: opts.onInfo,
    onEvent: opts.onEvent,
  });
}
