import { describe, expect, it } from 'vitest';
import { frameMetrics } from '../src/evaluate/frameMetrics.js';
import { matchEvents, runsOf, transitionMetrics } from '../src/evaluate/transitionMetrics.js';

describe('frameMetrics', () => {
  it('computes accuracy, per-label F1 and the confusion matrix', () => {
    const labels = ['a', 'b', 'c'];
    const truth = [Int32Array.from([0, 0, 1, 1, 2])];
    const pred = [Int32Array.from([0, 1, 1, 1, 0])];
    const m = frameMetrics(truth, pred, labels);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    // a: p=1/2 r=1/2 → .5 ; b: p=2/3 r=1 → .8 ; c: 0
    expect(m.perLabel.a.f1).toBeCloseTo(0.5);
    expect(m.perLabel.b.f1).toBeCloseTo(0.8);
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
  });

  it('ignores labels absent from the truth in macro-F1', () => {
    const m = frameMetrics([Int32Array.from([0, 0])], [Int32Array.from([0, 0])], ['a', 'b']);
    expect(m.macroF1).toBe(1);
  });
});

describe('transition matching', () => {
  it('matches cuts within ±2 frames, each truth at most once', () => {
    const truth = [{ label: 'cut', start: 10, end: 10 }, { label: 'cut', start: 50, end: 50 }];
    const pred = [
      { label: 'cut', start: 12, end: 12 },
      { label: 'cut', start: 11, end: 11 }, // second prediction near the same truth: a false positive
      { label: 'cut', start: 53, end: 53 }, // 3 frames away: no match
    ];
    const c = matchEvents(truth, pred).cut;
    expect(c).toEqual({ truths: 2, predictions: 3, matched: 1 });
  });

  it('matches gradual events of the same kind by overlap', () => {
    const truth = [{ label: 'dissolve', start: 100, end: 119 }, { label: 'fade_out', start: 200, end: 209 }];
    const pred = [{ label: 'dissolve', start: 118, end: 125 }, { label: 'wipe', start: 200, end: 209 }];
    const m = transitionMetrics([matchEvents(truth, pred)]);
    expect(m.perKind.dissolve.f1).toBe(1);
    expect(m.perKind.fade_out.recall).toBe(0);
    expect(m.perKind.wipe.precision).toBe(0);
    expect(m.overall).toMatchObject({ truths: 2, predictions: 2, matched: 1 });
  });

  it('hands back the events left over: predictions matching nothing and truths nothing matched', () => {
    const truth = [{ label: 'cut', start: 10, end: 10 }, { label: 'cut', start: 50, end: 50 }, { label: 'fade_out', start: 200, end: 209 }];
    const pred = [
      { label: 'cut', start: 12, end: 12 },
      { label: 'cut', start: 11, end: 11 },
      { label: 'wipe', start: 200, end: 209 },
    ];
    const left = { missed: [] as typeof truth, false: [] as typeof pred };
    const counts = matchEvents(truth, pred, undefined, undefined, undefined, left);
    expect(counts.cut).toEqual({ truths: 2, predictions: 2, matched: 1 });
    expect(left.false).toEqual([{ label: 'cut', start: 11, end: 11 }, { label: 'wipe', start: 200, end: 209 }]);
    expect(left.missed).toEqual([{ label: 'cut', start: 50, end: 50 }, { label: 'fade_out', start: 200, end: 209 }]);
    // Counts agree with what is left over.
    const m = transitionMetrics([counts]);
    expect(m.overall.predictions - m.overall.matched).toBe(left.false.length);
    expect(m.overall.truths - m.overall.matched).toBe(left.missed.length);
  });

  it('turns per-frame labels into runs', () => {
    expect(runsOf([0, 0, 1, 0], ['x', 'y'])).toEqual([
      { label: 'x', start: 0, end: 1 },
      { label: 'y', start: 2, end: 2 },
      { label: 'x', start: 3, end: 3 },
    ]);
  });
});
