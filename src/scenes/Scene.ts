/** The scene list's data (src/scenes/scenesOf.ts derives it from segments). Frames are inclusive, like segments'. */

/** How an editor's timeline shows a transition: the kind of edit at a scene boundary. */
export type EditKind = 'cut' | 'dissolve' | 'wipe';

/** What separates two scenes (or opens the first, or closes the last). */
export interface SceneTransition {
  /** The labels of its segments in order, joined by `+`: `cut`, `dissolve`, `fade_out+black+fade_in`. */
  kind: string;
  /** First frame: for a point transition (a cut), the first frame of the scene after it. */
  start: number;
  /** Last frame, inclusive; `start - 1` for a point transition, which has no frames of its own. */
  end: number;
  /** Its frames (0 for a cut). */
  frames: number;
  edit: EditKind;
}

export interface Scene {
  /** 1-based. */
  number: number;
  start: number;
  /** Inclusive. */
  end: number;
  frames: number;
  /** The transition before the scene; null when the scene starts with the run. */
  opening: SceneTransition | null;
  /** The transition after the scene; null when the scene ends with the run. */
  closing: SceneTransition | null;
}

/** A run's scene list and the frames it covers (the first and last frame labelled). */
export interface SceneList {
  scenes: Scene[];
  first: number;
  last: number;
}
