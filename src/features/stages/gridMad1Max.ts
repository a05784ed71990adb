import { G4 } from '../thumbnail.js';

/** The largest of the 16 grid_mad1 values, read from the vector from index `grid` on. */
export function gridMad1Max(out: Float32Array, grid: number): number {
  let max = 0;
  for (let i = 0; i < G4; i++) max = Math.max(max, out[grid + i]);
  return max;
}
