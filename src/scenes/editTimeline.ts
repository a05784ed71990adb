import type { SceneList, Scene, SceneTransition } from './Scene.js';

/** One scene as a clip of an editor's timeline. */
export interface EditClip {
  scene: Scene;
  /** First frame of the clip (its cut point). */
  start: number;
  /** Frame after its last (exclusive). */
  end: number;
  /** The dissolve or wipe from the clip before into this one, or null for a cut. */
  transitionIn: (SceneTransition & { edit: 'dissolve' | 'wipe' }) | null;
}

/**
 * The scene list as a timeline of the whole run, for the editor exports: one clip per scene, clips end to end from
 * the first frame labelled to the last, so the timeline plays the film as it is. Between two scenes the cut point is
 * the cut's frame, or the middle of a gradual transition (the first half, shorter when odd, in the clip before),
 * where the format's dissolve or wipe is centred; a transition with no gradual label (black between two cuts) is a
 * cut at its middle. A transition before the first scene or after the last is in that scene's clip. Every clip's
 * media is the same source file, so each side of a transition has the other's frames to draw from.
 */
export function editTimeline(list: SceneList): EditClip[] {
  const { scenes } = list;
  const cutAfter = (s: Scene): number => {
    const t = s.closing!;
    return t.start + Math.floor(t.frames / 2);
  };
  return scenes.map((scene, i) => {
    const prev = i > 0 ? scenes[i - 1] : null;
    const t = scene.opening;
    return {
      scene,
      start: prev ? cutAfter(prev) : list.first,
      end: i < scenes.length - 1 ? cutAfter(scene) : list.last + 1,
      transitionIn: prev && t && t.edit !== 'cut' ? { ...t, edit: t.edit } : null,
    };
  });
}
