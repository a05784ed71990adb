import type { SceneList } from '../scenes/Scene.js';
import type { Timecode } from '../scenes/Timecode.js';

/** What every scene format is written from: the scene list, its frame rate and the source it came from. */
export interface SceneDocument {
  list: SceneList;
  timecode: Timecode;
  /** The input as given (a path or a URL). */
  source: string;
  /** Picture size of the source, when known (FCPXML's format). */
  width: number | null;
  height: number | null;
}
