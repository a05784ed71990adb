/**
 * A file labelled into its scene list (runLabelling: a file source, the scene list as a whole-run sink), for the
 * commands that act on scenes (`split`, `images`).
 */
import { InputError } from '../src/errors.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { withSensitivity, type Sensitivity } from '../src/recurrent/withSensitivity.js';
import { frameRateOf } from '../src/scenes/FrameRate.js';
import type { SceneList } from '../src/scenes/Scene.js';
import { scenesOf } from '../src/scenes/scenesOf.js';
import { Timecode } from '../src/scenes/Timecode.js';
import { wholeRunSink } from '../src/sinks/wholeRunSink.js';
import { fileSource } from '../src/source/fileSource.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';
import { runLabelling } from './runLabelling.js';

export interface LabelScenesOptions {
  /** A model, or the path of a model file. */
  model: Model | string;
  /** Split gradual transitions at their middle between the scenes (default: in neither). */
  splitGradual?: boolean;
  /** Join scenes shorter than this many frames to a neighbour across a cut. */
  minSceneLength?: number;
  /** Offsets on the transition labels' logits (withSensitivity); default none: the model as it is. */
  sensitivity?: Sensitivity;
  signal?: AbortSignal;
  onInfo?: (info: VideoInfo | null) => void;
  onEvent?: (ev: LabelEvent) => void;
}

export interface LabelledScenes {
  list: SceneList;
  info: VideoInfo;
  timecode: Timecode;
}

export async function labelScenes(input: string, opts: LabelScenesOptions): Promise<LabelledScenes> {
  const model = withSensitivity(await resolveModel(opts.model), opts.sensitivity);
  const registry = labelRegistry(model.meta);
  let list: SceneList | null = null;
  const { info } = await runLabelling({
    source: fileSource(input),
    model,
    signal: opts.signal,
    onInfo: (found) => {
      // Before any frame: scenes are cut at frame times, so an input without a frame rate cannot be cut.
      if (!found || !(found.fps > 0)) throw new InputError('E_INPUT_INVALID', `${input} could not be probed, and its scenes need its frame rate`);
      opts.onInfo?.(found);
    },
    onEvent: opts.onEvent,
    sinks: [() => wholeRunSink(async (events) => void (list = scenesOf(segmentsOf(events, { registry }), { registry, splitGradual: opts.splitGradual, minSceneLength: opts.minSceneLength })))],
  });
  if (!list || !info) throw new Error(`${input}: labelled without a scene list`);
  return { list, info, timecode: new Timecode(frameRateOf(info.fps)) };
}
