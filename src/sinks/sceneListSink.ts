import { FramewiseError } from '../errors.js';
import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import { SegmentBuilder, type SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import { frameRateOf } from '../scenes/FrameRate.js';
import { scenesOf } from '../scenes/scenesOf.js';
import { Timecode } from '../scenes/Timecode.js';
import type { LabelEvent, Segment } from '../types.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import type { SceneDocument } from './SceneDocument.js';
import type { TextOutput } from './textOutput.js';
import { wholeFileOutput } from './wholeFileOutput.js';

export interface SceneListSinkOptions {
  /** Input name (a path or URL): EDL reel and title, OTIO/FCPXML media reference. */
  source?: string;
  /** Frame rate of the input; when absent, estimated from the frame times seen. */
  fps?: number;
  width?: number | null;
  height?: number | null;
  /** How segments are formed; its registry also decides what is a transition. */
  segments?: SegmentBuilderOptions;
  /** Split gradual transitions at their middle between the scenes (scenesOf's `splitGradual`). */
  splitGradual?: boolean;
  /** Join scenes shorter than this many frames to a neighbour across a cut (scenesOf's `minSceneLength`). */
  minSceneLength?: number;
}

/**
 * A whole-run output drawn from the scene list (scenes CSV, EDL, OTIO, FCPXML): segments are collected as the run
 * goes, and on close, only when the run completed, the scene list is formed and `render`ed, to a file as a
 * wholeFileOutput (target checked up front, written whole at the end); an incomplete run writes nothing (a partial
 * scene list would look like a whole one).
 */
export function sceneListSink(dest: { path: string } | TextOutput, render: (doc: SceneDocument) => string, opts: SceneListSinkOptions = {}): LabelSink {
  const builder = new SegmentBuilder(opts.segments);
  const segments: Segment[] = [];
  let first: LabelEvent | null = null;
  let last: LabelEvent | null = null;
  let closing: Promise<void> | null = null;

  const file = 'path' in dest ? wholeFileOutput(dest.path) : null;

  const text = (): string => {
    segments.push(...builder.flush());
    let fps = opts.fps;
    if (fps === undefined && first && last && last.frame > first.frame && last.time > first.time) {
      fps = (last.frame - first.frame) / (last.time - first.time);
    }
    if (fps === undefined || !(fps > 0)) throw new FramewiseError('E_INPUT_INVALID', 'the scene list needs the frame rate, which is unknown for this input');
    const list = scenesOf(segments, { registry: opts.segments?.registry ?? DEFAULT_LABEL_REGISTRY, splitGradual: opts.splitGradual, minSceneLength: opts.minSceneLength });
    return render({ list, timecode: new Timecode(frameRateOf(fps)), source: opts.source ?? 'video', width: opts.width ?? null, height: opts.height ?? null });
  };

  const finish = async (end: RunEnd): Promise<void> => {
    const complete = end.complete && first !== null;
    if (file !== null) {
      if (complete) file.write(text());
    } else if (!('path' in dest)) {
      try {
        if (complete) dest.write(text());
      } finally {
        await dest.close();
      }
    }
  };

  return {
    write(ev) {
      if (closing) throw new Error('sink is closed');
      first ??= ev;
      last = ev;
      segments.push(...builder.push(ev));
    },
    close(end = COMPLETE) {
      closing ??= finish(end);
      return closing;
    },
  };
}
