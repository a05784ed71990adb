import type { Scene } from './Scene.js';

/**
 * The frames to show of a scene: with 1, its middle frame; with 2, its first and last; with n ≥ 3, n frames evenly
 * spaced from the first to the last (3: first, middle, last). A scene shorter than n gives each of its frames once.
 */
export function sceneImageFrames(scene: Scene, n: number): number[] {
  const len = scene.end - scene.start + 1;
  if (n === 1) return [scene.start + Math.floor((len - 1) / 2)];
  const frames = Array.from({ length: n }, (_, k) => scene.start + Math.round((k * (len - 1)) / (n - 1)));
  return [...new Set(frames)];
}
