import type { EventScore } from './transitionMetrics.js';

/** Predicted events that match no true one, per 5 minutes of video (0 for no video). */
export function falsePer5Min(score: EventScore, minutes: number): number {
  return minutes > 0 ? ((score.predictions - score.matched) / minutes) * 5 : 0;
}
