import { FramewiseError } from '../errors.js';
import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import type { SegmentDecoderOptions } from '../labels/SegmentDecoder.js';
import { frameRateOf } from '../scenes/FrameRate.js';
import { scenesOf } from '../scenes/scenesOf.js';
import { Timecode } from '../scenes/Timecode.js';
import { documentSink } from './documentSink.js';
import type { LabelSink } from './LabelSink.js';
import type { SceneDocument } from './SceneDocument.js';
import type { TextOutput } from './textOutput.js';

export interface SceneListSinkOptions {
  /** Input name (a path or URL): EDL reel and title, OTIO/FCPXML media reference. */
  source?: string;
  /** Frame rate of the input; when absent, estimated from the frame times seen. */
  fps?: number;
  width?: number | null;
  height?: number | null;
  /** How segments are formed; its registry also decides what is a transition. */
  segments?: SegmentDecoderOptions;
  /** Split gradual transitions at their middle between the scenes (scenesOf's `splitGradual`). */
  splitGradual?: boolean;
  /** Join scenes shorter than this many frames to a neighbour across a cut (scenesOf's `minSceneLength`). */
  minSceneLength?: number;
}

/**
 * A whole-run output drawn from the scene list (scenes CSV, EDL, OTIO, FCPXML): segments are collected as the run
 * goes (a documentSink), and on close, only when the run completed, the scene list is formed and `render`ed; an
 * incomplete run writes nothing (a partial scene list would look like a whole one).
 */
export function sceneListSink(dest: { path: string } | TextOutput, render: (doc: SceneDocument) => string, opts: SceneListSinkOptions = {}): LabelSink {
  return documentSink(dest, opts.segments, (run, end) => {
    if (!end.complete || run.first === null) return null;
    const fps = run.fps(opts.fps);
    if (fps === null || !(fps > 0)) throw new FramewiseError('E_INPUT_INVALID', 'the scene list needs the frame rate, which is unknown for this input');
    const list = scenesOf(run.segments, { registry: opts.segments?.registry ?? DEFAULT_LABEL_REGISTRY, splitGradual: opts.splitGradual, minSceneLength: opts.minSceneLength });
    return render({ list, timecode: new Timecode(frameRateOf(fps)), source: opts.source ?? 'video', width: opts.width ?? null, height: opts.height ?? null });
  });
}
