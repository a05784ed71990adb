/**
 * Training with class weights makes a model fire rare labels (cut above all) more eagerly than their true
 * frequency warrants. This picks the offset added to one label's logit that gives the best event F1 for that
 * label on the validation videos, and bakes it into the output head's bias, so labelling needs no extra step.
 * A budget of false events (per 5 minutes of video) can bound the choice: F1 weighs a false cut like a missed one,
 * while a user of a cut list is hurt far more by cuts that are not there.
 */
import { dirname } from 'node:path';
import { falsePer5Min } from '../src/evaluate/falsePer5Min.js';
import { matchEvents, runsOf, transitionMetrics } from '../src/evaluate/transitionMetrics.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { HEAD_BIAS, type Model } from '../src/recurrent/model.js';
import type { LabelEvent } from '../src/types.js';
import { eventsOf, predictVideo } from './evaluate.js';
import { datasetMinutes, type LabelledVideo } from './loadDataset.js';

/** Offsets tried, in logit units (a multiplicative prior of e^offset on the label's probability). */
export const BIAS_CANDIDATES: readonly number[] = Array.from({ length: 25 }, (_, i) => -3 + i * 0.25);

export interface BiasCalibration {
  label: string;
  bias: number;
  /** Event F1 of `label` on the videos without and with the offset. */
  f1Before: number;
  f1After: number;
  /**
   * Predicted `label` events matching no true one, per 5 minutes of the videos, without and with the offset (with
   * budgetPerFolder: of the folder with the most).
   */
  falsePer5MinBefore: number;
  falsePer5MinAfter: number;
  /** The budget the offset was chosen under, if any. */
  maxFalsePer5Min?: number;
}

export interface CalibrationOptions {
  /**
   * Only offsets with at most this many false events per 5 minutes compete on F1; when none stays within it, the
   * offset with the fewest false events wins. Default: no budget.
   */
  maxFalsePer5Min?: number;
  /**
   * Hold the budget on each folder's videos separately rather than on all of them together, e.g. regular footage and
   * footage full of flashes: pooled, the first would hide the false cuts of the second.
   */
  budgetPerFolder?: boolean;
}

/** The one-line account of a calibration that `framewise train` and `framewise ensemble` print. */
export function describeCalibration(c: BiasCalibration): string {
  const budget = c.maxFalsePer5Min === undefined ? '' : ` (budget ${c.maxFalsePer5Min})`;
  return (
    `${c.label} logit offset ${c.bias}: val ${c.label} F1 ${c.f1Before.toFixed(3)} → ${c.f1After.toFixed(3)}, ` +
    `false ${c.label}s per 5 min ${c.falsePer5MinBefore.toFixed(2)} → ${c.falsePer5MinAfter.toFixed(2)}${budget}`
  );
}

/**
 * Events as if `label`'s logit had `bias` added: every score renormalised (the segment stage weighs them all), the
 * winning label picked again.
 */
function withBias(events: LabelEvent[], labels: readonly string[], label: string, bias: number): LabelEvent[] {
  if (bias === 0) return events;
  const gain = Math.exp(bias);
  return events.map((e) => {
    let best = labels[0];
    let bestScore = -Infinity;
    for (const l of labels) {
      const s = Math.log(e.scores[l] + 1e-30) + (l === label ? bias : 0);
      if (s > bestScore) [best, bestScore] = [l, s];
    }
    const total = labels.reduce((a, l) => a + e.scores[l] * (l === label ? gain : 1), 0);
    const scores: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const l of labels) scores[l] = (e.scores[l] * (l === label ? gain : 1)) / total;
    return { ...e, label: best, score: scores[best], scores };
  });
}

/**
 * Scans BIAS_CANDIDATES on `videos`, adds the best offset (smallest on ties; within the false-event budget when
 * there is one) to the model's head bias in place and records the calibration in the model's training metadata
 * (`<label>Calibration`). A model without the label, or no videos, is left alone (offset 0, F1 NaN, nothing recorded).
 */
export async function calibrateLogitBias(model: Model, videos: LabelledVideo[], label: string, opts: CalibrationOptions = {}): Promise<BiasCalibration> {
  const { labels } = model.meta;
  const k = labels.indexOf(label);
  if (k < 0 || videos.length === 0) {
    return { label, bias: 0, f1Before: Number.NaN, f1After: Number.NaN, falsePer5MinBefore: Number.NaN, falsePer5MinAfter: Number.NaN };
  }
  const registry = labelRegistry(model.meta);
  const predicted = await Promise.all(videos.map((v) => predictVideo(model, v)));
  const truths = videos.map((v) => runsOf(v.targets, labels));
  const folders = new Map<string, number[]>();
  videos.forEach((v, i) => {
    const key = opts.budgetPerFolder ? dirname(v.video) : '';
    const idx = folders.get(key);
    if (idx) idx.push(i);
    else folders.set(key, [i]);
  });
  const groups = [...folders.values()].map((idx) => ({ idx, minutes: datasetMinutes(idx.map((i) => videos[i])) }));
  const score = (bias: number): { bias: number; f1: number; falsePer5Min: number } => {
    const matches = predicted.map((evs, i) => matchEvents(truths[i], eventsOf(withBias(evs, labels, label, bias), registry), [label], registry));
    const f1 = transitionMetrics(matches, [label]).perKind[label].f1;
    const worst = Math.max(...groups.map((g) => falsePer5Min(transitionMetrics(g.idx.map((i) => matches[i]), [label]).perKind[label], g.minutes)));
    return { bias, f1, falsePer5Min: worst };
  };
  // Smallest offsets first, so that ties keep the smaller change.
  const scans = [...BIAS_CANDIDATES].sort((x, y) => Math.abs(x) - Math.abs(y)).map(score);
  const before = scans.find((c) => c.bias === 0)!;
  const budget = opts.maxFalsePer5Min ?? Infinity;
  const within = scans.filter((c) => c.falsePer5Min <= budget);
  const best = within.length
    ? within.reduce((a, c) => (c.f1 > a.f1 ? c : a))
    : scans.reduce((a, c) => (c.falsePer5Min < a.falsePer5Min || (c.falsePer5Min === a.falsePer5Min && c.f1 > a.f1) ? c : a));
  model.params[HEAD_BIAS][k] += best.bias;
  const calibration: BiasCalibration = {
    label,
    bias: best.bias,
    f1Before: before.f1,
    f1After: best.f1,
    falsePer5MinBefore: before.falsePer5Min,
    falsePer5MinAfter: best.falsePer5Min,
    ...(opts.maxFalsePer5Min === undefined ? {} : { maxFalsePer5Min: opts.maxFalsePer5Min }),
  };
  model.meta.training = { ...model.meta.training, [`${label}Calibration`]: calibration };
  return calibration;
}

/**
 * The model as trained: a copy with the offset that calibrateLogitBias recorded for `label` taken back out of the head
 * bias and its record removed (a model without one is returned as it is). Float32 rounding can leave the bias one
 * step from its value before calibration.
 */
export function withoutCalibration(model: Model, label: string): Model {
  const key = `${label}Calibration`;
  const { [key]: recorded, ...training } = model.meta.training ?? {};
  const k = model.meta.labels.indexOf(label);
  if (recorded === undefined || k < 0) return model;
  const bias = Float32Array.from(model.params[HEAD_BIAS]);
  bias[k] -= (recorded as BiasCalibration).bias;
  return { meta: { ...model.meta, training }, params: { ...model.params, [HEAD_BIAS]: bias } };
}
