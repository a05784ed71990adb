import type { LabelRegistry } from '../labels/labelRegistry.js';
import type { Segment } from '../types.js';
import type { EditKind, Scene, SceneList, SceneTransition } from './Scene.js';

export interface SceneOptions {
  /** The label set whose roles decide what is a transition. */
  registry: LabelRegistry;
  /**
   * Scenes tile the run: a gradual transition between two scenes is split at its middle (the first half, the
   * shorter one when its length is odd, goes to the scene before), one at the start or end of the run goes to the
   * scene next to it. Default false: a gradual transition belongs to neither scene.
   */
  splitGradual?: boolean;
  /**
   * Scenes shorter than this many frames do not stand alone when a cut (a point transition) joins them to a
   * neighbour: the cut is dropped and the scene joins the scene before it (the first scene joins the one after).
   * A scene between two gradual transitions stays, however short. Default 0: every scene stays.
   */
  minSceneLength?: number;
}

interface Part {
  kind: 'content' | 'transition' | 'point';
  start: number;
  end: number;
  labels: string[];
}

/**
 * The scenes of a run, from its segments (which tile it), by the labels' roles:
 * - `in-shot` segments, and holds that are not part of a transition (freeze), are inside scenes;
 * - a `point` segment (cut) starts a scene at its first frame (it is a change from the frame before); right after
 *   another transition, or at the start of the run, it changes nothing;
 * - `gradual` segments, and holds that a gradual label leads into (black after a fade out: `isTransitionHold`), are
 *   transitions; adjacent ones form one (fade_out + black + fade_in). Such a hold alone (black between two cuts) is
 *   a transition too: nothing of a shot is in it.
 * An empty list when the run holds no scene (all of it one transition) or no segment.
 */
export function scenesOf(segments: readonly Segment[], opts: SceneOptions): SceneList {
  const { registry } = opts;
  if (segments.length === 0) return { scenes: [], first: 0, last: -1 };
  const first = segments[0].start;
  const last = segments[segments.length - 1].end;

  const parts: Part[] = [];
  for (const s of segments) {
    const role = registry.role(s.label);
    const kind: Part['kind'] = role === 'point' ? 'point' : role === 'gradual' || registry.isTransitionHold(s.label) ? 'transition' : 'content';
    const prev = parts.at(-1);
    if (kind === 'point') {
      // The cut's frames are the next scene's first; it marks a boundary only between two stretches of content.
      if (prev?.kind === 'content') parts.push({ kind: 'point', start: s.start, end: s.start - 1, labels: [s.label] });
      parts.push({ kind: 'content', start: s.start, end: s.end, labels: [] });
    } else if (prev && prev.kind === kind) {
      prev.end = s.end;
      if (kind === 'transition' && prev.labels.at(-1) !== s.label) prev.labels.push(s.label);
    } else {
      parts.push({ kind, start: s.start, end: s.end, labels: kind === 'transition' ? [s.label] : [] });
    }
  }
  // Two content stretches in a row (content, then a cut's frames with no boundary before them) are one.
  const merged: Part[] = [];
  for (const p of parts) {
    const prev = merged.at(-1);
    if (prev && prev.kind === 'content' && p.kind === 'content') prev.end = p.end;
    else merged.push({ ...p });
  }

  const editOf = (labels: readonly string[], point: boolean): EditKind => {
    if (point) return 'cut';
    const gradual = labels.filter((l) => registry.role(l) === 'gradual');
    if (gradual.length === 0) return 'cut';
    return gradual.some((l) => registry.info(l).editAs === 'wipe') ? 'wipe' : 'dissolve';
  };
  const transitionOf = (p: Part): SceneTransition => ({
    kind: p.labels.join('+'),
    start: p.start,
    end: p.end,
    frames: p.end - p.start + 1,
    edit: editOf(p.labels, p.kind === 'point'),
  });

  const scenes: Scene[] = [];
  merged.forEach((p, i) => {
    if (p.kind !== 'content') return;
    const before = merged[i - 1];
    const after = merged[i + 1];
    let start = p.start;
    let end = p.end;
    if (opts.splitGradual) {
      if (before?.kind === 'transition') {
        const len = before.end - before.start + 1;
        start = merged[i - 2] ? before.start + Math.floor(len / 2) : before.start;
      }
      if (after?.kind === 'transition') {
        const len = after.end - after.start + 1;
        end = merged[i + 2] ? after.start + Math.floor(len / 2) - 1 : after.end;
      }
    }
    scenes.push({
      number: scenes.length + 1,
      start,
      end,
      frames: end - start + 1,
      opening: before ? transitionOf(before) : null,
      closing: after ? transitionOf(after) : null,
    });
  });
  return { scenes: joinShortScenes(scenes, opts.minSceneLength ?? 0), first, last };
}

/** SceneOptions.minSceneLength: short scenes joined to a neighbour across a cut, then numbered again. */
function joinShortScenes(scenes: Scene[], min: number): Scene[] {
  if (min <= 1) return scenes;
  const out = scenes.map((s) => ({ ...s }));
  const byCut = (t: SceneTransition | null): boolean => t !== null && t.frames === 0;
  for (let i = 0; i < out.length; ) {
    const s = out[i];
    if (s.frames >= min) {
      i++;
      continue;
    }
    if (i > 0 && byCut(s.opening)) {
      const prev = out[i - 1];
      Object.assign(prev, { end: s.end, frames: s.end - prev.start + 1, closing: s.closing });
      out.splice(i, 1);
    } else if (i + 1 < out.length && byCut(s.closing)) {
      const next = out[i + 1];
      Object.assign(next, { start: s.start, frames: next.end - s.start + 1, opening: s.opening });
      out.splice(i, 1);
    } else {
      i++;
    }
  }
  return out.map((s, i) => ({ ...s, number: i + 1 }));
}
