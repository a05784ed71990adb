import { describe, expect, it } from 'vitest';
import { frameMetrics } from '../src/evaluate/frameMetrics.js';
import { pairedBootstrap } from '../src/evaluate/pairedBootstrap.js';
import { matchEvents, runsOf, transitionMetrics } from '../src/evaluate/transitionMetrics.js';
import { tallyFigures, type FigureSet, type VideoTally } from '../src/evaluate/videoTally.js';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';

const labels = [...DEFAULT_LABEL_REGISTRY.labels];
const set: FigureSet = { labels, kinds: DEFAULT_LABEL_REGISTRY.transitionLabels(), pointLabel: 'cut' };
const at = (l: string): number => labels.indexOf(l);
const FPS = 25;

/** A video of `frames` frames of motion with cuts at `cuts`, and a dissolve over `dissolve` when given. */
function video(frames: number, cuts: number[], dissolve?: [number, number]): Int32Array {
  const v = new Int32Array(frames).fill(at('motion'));
  for (const c of cuts) v[c] = at('cut');
  if (dissolve) v.fill(at('dissolve'), dissolve[0], dissolve[1] + 1);
  return v;
}

/** A method's tally of one video, scored against its truth the way `framewise eval` does (events = runs of frames). */
function tally(truth: Int32Array, predicted: Int32Array): VideoTally {
  return {
    confusion: frameMetrics([truth], [predicted], labels).confusion,
    events: matchEvents(runsOf(truth, labels), runsOf(predicted, labels), set.kinds, DEFAULT_LABEL_REGISTRY),
    minutes: truth.length / FPS / 60,
  };
}

// Twelve videos, each with two cuts and a dissolve.
const truths = Array.from({ length: 12 }, (_, i) => video(200 + 10 * i, [40, 120], [150, 170]));
/** Finds everything. */
const perfect = truths.map((t) => tally(t, t));
/** Misses the second cut of every video, and cuts the dissolve short. */
const missing = truths.map((t) => tally(t, video(t.length, [40], [155, 170])));

describe('paired comparison of two methods over the same videos', () => {
  it('reads the figures eval reports from the sums of the per-video tallies', () => {
    const preds = truths.map((t, i) => (i % 3 === 0 ? video(t.length, [40, 90], [150, 170]) : video(t.length, [40, 120], [152, 175])));
    const tallies = truths.map((t, i) => tally(t, preds[i]));
    const figures = tallyFigures(tallies, tallies.map((_, i) => i), set);
    const frame = frameMetrics(truths, preds, labels);
    const events = transitionMetrics(truths.map((t, i) => matchEvents(runsOf(t, labels), runsOf(preds[i], labels), set.kinds, DEFAULT_LABEL_REGISTRY)), set.kinds);
    expect(figures.get('frame macro-F1')).toBe(frame.macroF1);
    expect(figures.get('frame F1 cut')).toBe(frame.perLabel.cut.f1);
    expect(figures.get('frame F1 dissolve')).toBe(frame.perLabel.dissolve.f1);
    expect(figures.get('transition F1')).toBe(events.overall.f1);
    expect(figures.get('cut F1')).toBe(events.perKind.cut.f1);
    // Four videos with one false cut each, over the minutes of all twelve.
    const minutes = truths.reduce((m, t) => m + t.length / FPS / 60, 0);
    expect(figures.get('false cuts/5min')).toBeCloseTo((4 / minutes) * 5, 12);
    // A label no truth frame has is not a figure (its F1 is undefined, not 0).
    expect(figures.get('frame F1 freeze')).toBeNaN();
  });

  it('finds no difference between a method and itself', () => {
    const c = pairedBootstrap(missing, missing, set, { resamples: 200 });
    expect(c.videos).toBe(12);
    expect(c.figures.length).toBeGreaterThan(5);
    for (const f of c.figures) expect([f.difference, f.low, f.high], f.figure).toEqual([0, 0, 0]);
    expect(c.figures.some((f) => f.figure === 'frame F1 freeze')).toBe(false);
  });

  it('gives an interval clear of 0 for a difference every video shows, and one across 0 for a difference of one video', () => {
    const c = pairedBootstrap(perfect, missing, set, { resamples: 500 });
    const cut = c.figures.find((f) => f.figure === 'cut F1')!;
    expect(cut.model).toBe(1);
    expect(cut.other).toBeCloseTo(2 / 3, 12);
    expect(cut.difference).toBeCloseTo(1 / 3, 12);
    // Every resample has the same mix of videos on both sides: the same difference each time.
    expect(cut.low).toBeCloseTo(1 / 3, 12);
    expect(cut.high).toBeCloseTo(1 / 3, 12);

    // One video of twelve decides it: some resamples leave it out (difference 0), others take it twice.
    const oneWorse = perfect.map((t, i) => (i === 5 ? missing[i] : t));
    const d = pairedBootstrap(perfect, oneWorse, set, { resamples: 500 }).figures.find((f) => f.figure === 'cut F1')!;
    expect(d.difference).toBeGreaterThan(0);
    expect(d.low).toBe(0);
    expect(d.high).toBeGreaterThan(d.difference);
  });

  it('resamples the same way for the same seed', () => {
    const mixed = perfect.map((t, i) => (i % 4 === 0 ? missing[i] : t));
    const a = pairedBootstrap(perfect, mixed, set, { resamples: 300, seed: 9 });
    expect(pairedBootstrap(perfect, mixed, set, { resamples: 300, seed: 9 })).toEqual(a);
    expect(() => pairedBootstrap(perfect, mixed.slice(1), set)).toThrow(/12 against 11 videos/);
  });
});
