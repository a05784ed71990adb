import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../src/errors.js';
import { macroF1 } from '../src/evaluate/macroF1.js';
import { frameMetrics } from '../src/evaluate/frameMetrics.js';
import { matchEvents, TRANSITION_KINDS } from '../src/evaluate/transitionMetrics.js';
import { DEFAULT_LABEL_REGISTRY, DEFAULT_LABELS, GRADUAL_LABELS, IN_SHOT_LABELS } from '../src/labels/defaultLabels.js';
import { labelRegistry, SHIPPED_LABEL_INFO } from '../src/labels/labelRegistry.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import { labelColours } from '../src/report/labelColours.js';
import { createModel } from '../src/recurrent/model.js';
import { computeNormalization } from '../src/recurrent/normalization.js';
import { recurrentLabel } from '../src/recurrent/recurrentLabel.js';
import { Rng } from '../src/recurrent/rng.js';
import { trainModel, type Sequence } from '../src/recurrent/trainModel.js';
import { decodeModel, encodeModel } from '../src/recurrent/modelFile.js';
import type { FeatureVector, LabelEvent, ModelMeta } from '../src/types.js';

function meta(labels: string[], labelInfo?: ModelMeta['labelInfo']): ModelMeta {
  return {
    format: 'framewise-model',
    version: 1,
    cell: 'gru',
    inputSize: 2,
    hiddenSize: 3,
    numLayers: 1,
    delay: 0,
    labels,
    ...(labelInfo ? { labelInfo } : {}),
    feature: { name: 'test', width: 8, height: 8, dim: 2, mean: [0, 0], std: [1, 1] },
  };
}

/**
 * One event per letter: each letter is the first letter of a label, sure of it (0.9, every other label 0.1 / n); `w`
 * is a doubtful frame of the label starting with `s` (0.5, against 0.45 for the first label).
 */
function events(code: string, labels: readonly string[]): LabelEvent[] {
  return [...code].map((c, i) => {
    const label = labels.find((l) => l[0] === (c === 'w' ? 's' : c))!;
    const scores = Object.fromEntries(labels.map((l) => [l, 0.1 / labels.length]));
    if (c === 'w') Object.assign(scores, { [labels[0]]: 0.45, [label]: 0.5 });
    else scores[label] = 0.9;
    return { frame: i, time: i / 25, label, score: scores[label], scores };
  });
}

const brief = (segs: Array<{ label: string; start: number; end: number }>): string[] => segs.map((s) => `${s.label}:${s.start}-${s.end}`);

describe('label registry', () => {
  it('holds the values the stages used before it, for the default label set', () => {
    const r = DEFAULT_LABEL_REGISTRY;
    expect(r.labels).toEqual([...DEFAULT_LABELS]);
    expect(Object.keys(SHIPPED_LABEL_INFO)).toEqual([...DEFAULT_LABELS]);
    expect(GRADUAL_LABELS).toEqual(['fade_out', 'fade_in', 'dissolve', 'wipe']);
    expect(IN_SHOT_LABELS).toEqual(['still', 'motion']);
    expect(TRANSITION_KINDS).toEqual(['cut', 'fade_out', 'fade_in', 'dissolve', 'wipe']);
    expect(r.withRole('hold')).toEqual(['black', 'freeze']);
    expect(r.pointLabel()).toBe('cut');
    // The grammar the segment decoder keeps to (labelRegistry.ts says why each succession is allowed).
    expect(Object.fromEntries(r.labels.map((l) => [l, r.successors(l)]))).toEqual({
      still: ['motion', 'cut', 'fade_out', 'black', 'dissolve', 'wipe', 'freeze'],
      motion: ['still', 'cut', 'fade_out', 'black', 'dissolve', 'wipe', 'freeze'],
      cut: ['still', 'motion', 'freeze'],
      fade_out: ['black', 'fade_in'],
      black: ['still', 'motion', 'cut', 'fade_in', 'freeze'],
      fade_in: ['still', 'motion', 'cut', 'freeze'],
      dissolve: ['still', 'motion', 'cut', 'freeze'],
      wipe: ['still', 'motion', 'cut', 'freeze'],
      freeze: ['still', 'motion', 'cut', 'fade_out', 'black', 'dissolve', 'wipe'],
    });
    expect(r.labels.map((l) => r.info(l).minFrames)).toEqual(r.labels.map(() => 1));
    expect(r.isTransitionHold('black')).toBe(true);
    expect(r.isTransitionHold('freeze')).toBe(false);
    // Every shipped label has the statistics of generated truth, and that truth keeps to the grammar.
    for (const l of r.labels) {
      const stats = r.info(l).stats!;
      expect(stats.lengths.length).toBeGreaterThan(0);
      for (const next of Object.keys(stats.next)) expect(r.successors(l)).toContain(next);
    }
    expect(r.colours()).toEqual({
      still: '#9aa5b1',
      motion: '#4c8bf5',
      cut: '#e53935',
      fade_out: '#7e57c2',
      black: '#263238',
      fade_in: '#26a69a',
      dissolve: '#fb8c00',
      wipe: '#43a047',
      freeze: '#00bcd4',
    });
  });

  it('gives a label without metadata what such labels had: an event, not a transition, one frame, a hue by position', () => {
    const r = labelRegistry(meta(['calm', 'cut', 'flash']));
    expect(r.info('calm')).toEqual({ role: 'hold', minFrames: 1, colour: '#d22d2d', displayName: 'calm' });
    expect(r.role('cut')).toBe('point');
    expect(r.transitionLabels()).toEqual(['cut']);
    // Hues by position: the third label's hue, not the first's.
    expect(r.colour('flash')).not.toBe(r.colour('calm'));
    expect(labelColours(['calm', 'cut', 'flash'])).toEqual(r.colours());
    expect(r.colours()).toEqual({ calm: '#d22d2d', cut: '#e53935', flash: labelColours(['a', 'b', 'flash']).flash });
  });

  it('takes a model’s labelInfo over the shipped defaults, field by field', () => {
    const r = labelRegistry(meta(['calm', 'flash', 'slide', 'cut'], { flash: { role: 'point' }, slide: { role: 'gradual', minFrames: 3, colour: '#123456', followedBy: 'calm' }, cut: { role: 'hold' } }));
    expect(r.info('slide')).toEqual({ role: 'gradual', minFrames: 3, colour: '#123456', displayName: 'slide', followedBy: 'calm' });
    expect(r.info('cut')).toMatchObject({ role: 'hold', colour: '#e53935', successors: ['still', 'motion', 'freeze'] });
    expect(r.pointLabel()).toBe('flash');
    expect(r.transitionLabels()).toEqual(['flash', 'slide']);
    // Successors by role, narrowed by followedBy; the shipped list of `cut` names none of this set, so its role decides.
    expect(r.successors('flash')).toEqual(['calm', 'slide', 'cut']);
    expect(r.successors('slide')).toEqual(['calm']);
    expect(r.successors('cut')).toEqual(['calm', 'flash', 'slide']);
    // The rules reach the segment stage: a point label cannot open a stream, a doubtful run below its minimum goes.
    const labels = r.labels;
    expect(brief(segmentsOf(events('fcccwwcccsssscc', labels), { registry: r }))).toEqual(['calm:0-8', 'slide:9-12', 'calm:13-14']);
    // Without the registry the same events keep the default set's rules, under which none of these labels is special.
    expect(brief(segmentsOf(events('fcccwwcccsssscc', labels)))).toEqual(['flash:0-0', 'calm:1-3', 'slide:4-5', 'calm:6-8', 'slide:9-12', 'calm:13-14']);
    // Transition matching takes the point label's tolerance from the registry.
    const truth = [{ label: 'flash', start: 10, end: 10 }];
    expect(matchEvents(truth, [{ label: 'flash', start: 12, end: 12 }], ['flash'], r).flash.matched).toBe(1);
    expect(matchEvents(truth, [{ label: 'flash', start: 12, end: 12 }], ['flash']).flash.matched).toBe(0);
  });

  it('keeps labelInfo through saving and loading a model, and refuses bad labelInfo with a ModelError', () => {
    const good = meta(['calm', 'flash'], { flash: { role: 'point', minFrames: 1, colour: '#AbCdEf', displayName: 'Flash!', joinsNext: 'calm' } });
    const model = createModel(good, 1);
    expect(decodeModel(encodeModel(model), 'good').meta.labelInfo).toEqual(good.labelInfo);
    const bad: Array<[unknown, RegExp]> = [
      [{ flash: { role: 'sparkle' } }, /labelInfo\.flash\.role/],
      [{ flash: { minFrames: 0 } }, /labelInfo\.flash\.minFrames/],
      [{ flash: { minFrames: 10001 } }, /labelInfo\.flash\.minFrames/],
      [{ flash: { minFrames: 2.5 } }, /labelInfo\.flash\.minFrames/],
      [{ flash: { colour: 'red' } }, /labelInfo\.flash\.colour/],
      [{ flash: { colour: '#12345' } }, /labelInfo\.flash\.colour/],
      [{ flash: { displayName: 'x'.repeat(65) } }, /labelInfo\.flash\.displayName/],
      [{ flash: { shape: 'round' } }, /labelInfo\.flash/],
      [{ ghost: { role: 'point' } }, /"ghost", which is not one of the model's labels/],
      [{ flash: { followedBy: 'ghost' } }, /followedBy names "ghost"/],
      [{ flash: 'point' }, /labelInfo\.flash/],
    ];
    for (const [labelInfo, message] of bad) {
      const bytes = encodeModel({ ...model, meta: { ...good, labelInfo } as ModelMeta });
      expect(() => decodeModel(bytes, 'bad')).toThrow(ModelError);
      expect(() => decodeModel(bytes, 'bad')).toThrow(message);
    }
  });
});

describe('macro-F1', () => {
  it('averages F1 over the labels present in the truth, and frameMetrics reports the same number', () => {
    // Rows = truth, columns = predicted. Label 2 is only predicted: its F1 (0) does not count, its false positives do.
    const confusion = [
      [3, 1, 1],
      [0, 4, 0],
      [0, 0, 0],
    ];
    const f1a = (2 * 3) / (5 + 3);
    const f1b = (2 * 4) / (4 + 5);
    expect(macroF1(confusion)).toBeCloseTo((f1a + f1b) / 2, 12);
    const truth = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const pred = Int32Array.from([0, 0, 0, 1, 2, 1, 1, 1, 1]);
    const m = frameMetrics([truth], [pred], ['a', 'b', 'c']);
    expect(m.confusion).toEqual(confusion);
    expect(m.macroF1).toBe(macroF1(confusion));
    expect(macroF1([])).toBe(0);
  });

  it('is the number training keeps its epoch by and the number eval reports for the same predictions', async () => {
    // Three symbols, one-hot; the label is the symbol. Validation frames are all `a` whatever the symbol, so the model
    // predicts b and c there, labels absent from the truth: only their false positives count.
    const rng = new Rng(5);
    const seq = (n: number, allA: boolean): Sequence => {
      const sym = Int32Array.from({ length: n }, () => rng.int(3));
      const inputs = new Float32Array(n * 3);
      sym.forEach((k, t) => (inputs[t * 3 + k] = 1));
      return { inputs, targets: allA ? new Int32Array(n) : sym };
    };
    const train = Array.from({ length: 8 }, () => seq(60, false));
    const val = [seq(80, true), seq(50, true)];
    const base = meta(['a', 'b', 'c']);
    const m: ModelMeta = { ...base, inputSize: 3, hiddenSize: 6, feature: { ...base.feature, dim: 3, ...computeNormalization(train.map((s) => s.inputs), 3) } };
    const { model } = trainModel(m, train, val, { epochs: 6, chunk: 16, batch: 4, lr: 0.02, seed: 1 });
    const predicted: Int32Array[] = [];
    for (const s of val) {
      const vectors: FeatureVector[] = Array.from({ length: s.targets.length }, (_, i) => ({ index: i, time: i, values: s.inputs.subarray(i * 3, i * 3 + 3), decodedAt: 0 }));
      const scores = await lastValueFrom(from(vectors).pipe(recurrentLabel(model), toArray()));
      predicted.push(Int32Array.from(scores, (f) => f.probs.indexOf(Math.max(...f.probs))));
    }
    const evalMetrics = frameMetrics(val.map((s) => s.targets), predicted, ['a', 'b', 'c']);
    // The model does predict labels the truth lacks (else both definitions of macro-F1 would agree).
    expect(evalMetrics.perLabel.b.precision + evalMetrics.perLabel.c.precision).toBe(0);
    expect(evalMetrics.confusion[0][1] + evalMetrics.confusion[0][2]).toBeGreaterThan(0);
    expect(evalMetrics.macroF1).toBeGreaterThan(0);
    expect(evalMetrics.macroF1).toBe(evalMetrics.perLabel.a.f1);
    expect(model.meta.training?.valMacroF1).toBeCloseTo(evalMetrics.macroF1, 12);
    expect(model.meta.training?.valAccuracy).toBeCloseTo(evalMetrics.accuracy, 12);
  });
});
