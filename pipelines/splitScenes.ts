/**
 * `framewise split`: label a file into its scene list (labelScenes), then write one file per scene. Fast mode copies
 * the streams, so each file must start at a keyframe: each scene boundary moves to the nearest keyframe (read with
 * ffprobe) and the result says how far; a scene too short to have keyframes of its own is re-encoded. `precise`
 * re-encodes every scene (H.264/AAC, .mp4) from its exact first frame.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isUrlInput } from '../src/decode/isUrlInput.js';
import { createOutDir } from '../src/sinks/createOutDir.js';
import { cutVideo } from '../src/scenes/cutVideo.js';
import { keyframeTimes } from '../src/scenes/keyframeTimes.js';
import { segmentVideo } from '../src/scenes/segmentVideo.js';
import type { Timecode } from '../src/scenes/Timecode.js';
import type { Scene } from '../src/scenes/Scene.js';
import { checkSceneTemplate, sceneFileName } from '../src/scenes/sceneFileName.js';
import { labelScenes, type LabelScenesOptions } from './labelScenes.js';

export const DEFAULT_SPLIT_TEMPLATE = '$VIDEO-Scene-$N';

/** labelScenes' options (model, scene rules, sensitivity, signal, callbacks), plus how to cut. */
export interface SplitScenesOptions extends LabelScenesOptions {
  /** Folder for the files (created if missing); default the current folder. */
  outDir?: string;
  /** Re-encode for frame-exact cuts instead of copying from the nearest keyframes. */
  precise?: boolean;
  /** File name template without extension (sceneFileName); default `$VIDEO-Scene-$N`. */
  template?: string;
  /** Called after each file is written. */
  onFile?: (file: SplitFile) => void;
}

export interface SplitFile {
  path: string;
  scene: Scene;
  /** `copy`: stream copy between keyframes; `encode`: re-encoded, frame-exact. */
  mode: 'copy' | 'encode';
  /** Where the file starts and ends (seconds from the input's start; end exclusive). */
  from: number;
  to: number;
  /** How far the cuts moved from the scene's boundaries (seconds, file − scene; 0 when re-encoded). */
  startMoved: number;
  endMoved: number;
}

/** The keyframe nearest to `t` (the earlier on a tie). */
function nearest(keys: readonly number[], t: number): number {
  let best = keys[0];
  for (const k of keys) if (Math.abs(k - t) < Math.abs(best - t)) best = k;
  return best;
}

/** Keyframe times are printed to the microsecond: a split asked for half a millisecond early lands on its keyframe. */
const NUDGE = 0.0005;

interface Plan {
  scene: Scene;
  path: string;
  /** Copy from this keyframe to that one (null: to the end), or re-encode. */
  copy: { from: number; to: number | null } | null;
}

/**
 * Fast mode's cut points: a scene's file starts at the keyframe nearest its first frame and ends at the keyframe
 * nearest the frame after its last, but never after the next scene's file starts (files never overlap). A scene left
 * with no keyframe interval of its own (two scenes between the same two keyframes) is re-encoded instead.
 */
function planCopies(scenes: readonly Scene[], keys: readonly number[], tc: Timecode, last: number, paths: string[]): Plan[] {
  const starts = scenes.map((s) => nearest(keys, tc.seconds(s.start)));
  return scenes.map((scene, i) => {
    const from = starts[i];
    let to: number | null = scene.end === last ? null : nearest(keys, tc.seconds(scene.end + 1));
    if (i + 1 < scenes.length && (to === null || to > starts[i + 1])) to = starts[i + 1];
    const usable = (to === null || to > from) && (i === 0 || from > starts[i - 1]);
    return { scene, path: paths[i], copy: usable ? { from, to } : null };
  });
}

/** Inputs whose extension names no container a stream copy can be written into. */
const NOT_COPY_CONTAINERS = new Set(['.m3u8', '.m3u', '.mpd', '.y4m']);

/**
 * The container of a stream copy: the input's own, except where its extension names no container a copy can be
 * written into — a playlist (HLS, DASH), raw y4m (whose muxer takes decoded frames only) — or there is none:
 * Matroska, which holds any codec.
 */
function copyExtension(input: string): string {
  const ext = extname(isUrlInput(input) ? new URL(input).pathname : input).toLowerCase();
  return ext === '' || NOT_COPY_CONTAINERS.has(ext) ? '.mkv' : ext;
}

export async function splitScenes(input: string, opts: SplitScenesOptions): Promise<SplitFile[]> {
  const template = opts.template ?? DEFAULT_SPLIT_TEMPLATE;
  checkSceneTemplate(template, false);
  const outDir = opts.outDir ?? '.';
  createOutDir(outDir);
  const { list, timecode: tc } = await labelScenes(input, opts);
  const { scenes } = list;
  const keys = opts.precise ? [] : await keyframeTimes(input, opts.signal);
  const copyExt = copyExtension(input);
  const names = scenes.map((s) => sceneFileName(template, input, s.number, scenes.length));
  const plans: Plan[] =
    opts.precise || keys.length === 0
      ? scenes.map((scene, i) => ({ scene, path: join(outDir, names[i] + '.mp4'), copy: null }))
      : planCopies(scenes, keys, tc, list.last, names.map((n) => join(outDir, n + copyExt)));
  for (const p of plans) if (!p.copy) p.path = join(outDir, names[p.scene.number - 1] + '.mp4');

  const files: SplitFile[] = [];
  const done = (f: SplitFile): void => {
    files.push(f);
    opts.onFile?.(f);
  };
  const copies = plans.filter((p) => p.copy);
  if (copies.length > 0) {
    // One stream-copy pass cuts the whole input at every boundary; the parts that are scenes are kept.
    const times = [...new Set(copies.flatMap((p) => [p.copy!.from, p.copy!.to]).filter((t): t is number => t !== null && t > 0))].sort((a, b) => a - b);
    const work = mkdtempSync(join(outDir, '.framewise-split-'));
    try {
      await segmentVideo(input, join(work, `part%05d${copyExt}`), times.map((t) => t - NUDGE), opts.signal);
      for (const p of copies) {
        const { from, to } = p.copy!;
        const part = times.filter((t) => t <= from).length;
        renameSync(join(work, `part${String(part).padStart(5, '0')}${copyExt}`), p.path);
        const sceneFrom = tc.seconds(p.scene.start);
        const sceneTo = tc.seconds(p.scene.end + 1);
        const end = to ?? tc.seconds(list.last + 1);
        done({ path: p.path, scene: p.scene, mode: 'copy', from, to: end, startMoved: from - sceneFrom, endMoved: end - sceneTo });
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  for (const p of plans.filter((q) => !q.copy)) {
    const { scene } = p;
    // From half a frame before the first frame: it is kept, the one before it is not, whatever the rounding. Audio
    // runs half a frame longer than the video so the last frame's sound is whole; -frames:v makes the video exact.
    await cutVideo(input, p.path, { from: Math.max(0, tc.seconds(scene.start - 0.5)), duration: tc.seconds(scene.frames + 0.5), frames: scene.frames, signal: opts.signal });
    done({ path: p.path, scene, mode: 'encode', from: tc.seconds(scene.start), to: tc.seconds(scene.end + 1), startMoved: 0, endMoved: 0 });
  }
  return files.sort((a, b) => a.scene.number - b.scene.number);
}
