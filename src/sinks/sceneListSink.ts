import { closeSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FramewiseError } from '../errors.js';
import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import { SegmentBuilder, type SegmentBuilderOptions } from '../labels/SegmentBuilder.js';
import { frameRateOf } from '../scenes/FrameRate.js';
import { scenesOf } from '../scenes/scenesOf.js';
import { Timecode } from '../scenes/Timecode.js';
import type { LabelEvent, Segment } from '../types.js';
import { COMPLETE, type LabelSink, type RunEnd } from './LabelSink.js';
import type { SceneDocument } from './SceneDocument.js';
import { openOutputFile, writeAllSync, type TextOutput } from './textOutput.js';

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
 * goes, and on close, only when the run completed, the scene list is formed and `render`ed. A file goes to a
 * temporary file beside the target (created up front, so an unwritable place fails at once) renamed into place; an
 * incomplete run writes nothing and leaves no temporary file (a partial scene list would look like a whole one).
 */
export function sceneListSink(dest: { path: string } | TextOutput, render: (doc: SceneDocument) => string, opts: SceneListSinkOptions = {}): LabelSink {
  const builder = new SegmentBuilder(opts.segments);
  const segments: Segment[] = [];
  let first: LabelEvent | null = null;
  let last: LabelEvent | null = null;
  let closing: Promise<void> | null = null;

  let tmp: { path: string; fd: number } | null = null;
  if ('path' in dest) {
    const path = join(dirname(dest.path), `.${basename(dest.path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    tmp = { path, fd: openOutputFile(path, 'temporary file') };
  }
  const discard = (): void => {
    if (!tmp) return;
    closeSync(tmp.fd);
    rmSync(tmp.path, { force: true });
    tmp = null;
  };

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
    if (!end.complete || first === null) {
      discard();
      if (!('path' in dest)) await dest.close();
      return;
    }
    if ('path' in dest) {
      try {
        const out = text();
        const { path, fd } = tmp!;
        tmp = null;
        try {
          writeAllSync(fd, out);
          closeSync(fd);
          renameSync(path, dest.path);
        } catch (err) {
          rmSync(path, { force: true });
          throw err;
        }
      } finally {
        discard();
      }
    } else {
      try {
        dest.write(text());
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
