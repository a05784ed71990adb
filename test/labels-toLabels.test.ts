import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { toLabels } from '../src/labels/toLabels.js';
import type { FrameScores } from '../src/types.js';

const LABELS = ['still', 'motion', 'cut'];
const fs = (index: number, probs: number[]): FrameScores => ({
  index,
  time: index / 25,
  probs: Float32Array.from(probs),
  decodedAt: 1000 + index,
});

describe('toLabels', () => {
  it('picks the most probable label and keeps every score in label order', async () => {
    const before = performance.now();
    const out = await lastValueFrom(
      from([fs(0, [0.7, 0.2, 0.1]), fs(1, [0.1, 0.3, 0.6]), fs(2, [0.4, 0.4, 0.2])]).pipe(toLabels(LABELS), toArray()),
    );
    expect(out.map((e) => e.label)).toEqual(['still', 'cut', 'still']); // a tie goes to the first label
    expect(out[1].score).toBeCloseTo(0.6, 6);
    expect(out[1].frame).toBe(1);
    expect(out[1].time).toBeCloseTo(0.04, 9);
    expect(Object.keys(out[1].scores)).toEqual(LABELS);
    expect(out[1].scores.motion).toBeCloseTo(0.3, 6);
    expect(out[2].decodedAt).toBe(1002);
    expect(out[2].emittedAt).toBeGreaterThanOrEqual(before);
  });

  it('fails when the scores do not match the labels', async () => {
    await expect(lastValueFrom(from([fs(0, [0.5, 0.5])]).pipe(toLabels(LABELS)))).rejects.toThrow(/2 scores for 3 labels/);
  });
});
