/**
 * Label events from a plan of runs, for feeding sinks known segments without a model:
 *
 *   planEvents([['still', 40], ['cut', 1], ['motion', 30]], { num: 25, den: 1 })
 *
 * Each frame's winning label has probability 1 (every other label 0).
 */
import { DEFAULT_LABELS } from '../../src/labels/defaultLabels.js';
import type { LabelEvent } from '../../src/types.js';

export function planEvents(plan: ReadonlyArray<readonly [string, number]>, rate: { num: number; den: number }, first = 0): LabelEvent[] {
  const events: LabelEvent[] = [];
  let frame = first;
  for (const [label, n] of plan) {
    for (let i = 0; i < n; i++, frame++) {
      const scores = Object.fromEntries(DEFAULT_LABELS.map((l) => [l, l === label ? 1 : 0]));
      events.push({ frame, time: (frame * rate.den) / rate.num, label, score: 1, scores });
    }
  }
  return events;
}
