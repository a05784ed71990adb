/**
 * Training with class weights makes a model fire rare labels (cut above all) more eagerly than their true
 * frequency warrants. This picks the offset added to one label's logit that gives the best event F1 for that
 * label on the validation videos, and bakes it into the output head's bias, so labelling needs no extra step.
 */
import { matchEvents, runsOf, transitionMetrics } from '../src/evaluate/transitionMetrics.js';
import { HEAD_BIAS, type Model } from '../src/recurrent/model.js';
import type { LabelEvent } from '../src/types.js';
import { eventsOf, predictVideo } from './evaluate.js';
import type { LabelledVideo } from './loadDataset.js';

/** Offsets tried, in logit units (a multiplicative prior of e^offset on the label's probability). */
export const BIAS_CANDIDATES: readonly number[] = Array.from({ length: 25 }, (_, i) => -3 + i * 0.25);

export interface BiasCalibration {
  label: string;
  bias: number;
  /** Event F1 of `label` on the videos without and with the offset. */
  f1Before: number;
  f1After: number;
}

/** The one-line account of a calibration that `framewise train` and `framewise ensemble` print. */
export function describeCalibration(c: BiasCalibration): string {
  return `${c.label} logit offset ${c.bias}: val ${c.label} F1 ${c.f1Before.toFixed(3)} → ${c.f1After.toFixed(3)}`;
}

/** Events re-labelled as if `label`'s logit had `bias` added (the softmax denominator is common to all labels). */
function withBias(events: LabelEvent[], labels: readonly string[], label: string, bias: number): LabelEvent[] {
  return events.map((e) => {
    let best = labels[0];
    let bestScore = -Infinity;
    for (const l of labels) {
      const s = Math.log(e.scores[l] + 1e-30) + (l === label ? bias : 0);
      if (s > bestScore) [best, bestScore] = [l, s];
    }
    return { ...e, label: best };
  });
}

/**
 * Scans BIAS_CANDIDATES on `videos`, adds the best offset (smallest on ties) to the model's head bias in place and
 * records the calibration in the model's training metadata (`<label>Calibration`). A model without the label, or
 * no videos, is left alone (offset 0, F1 NaN, nothing recorded).
 */
export async function calibrateLogitBias(model: Model, videos: LabelledVideo[], label: string): Promise<BiasCalibration> {
  const { labels } = model.meta;
  const k = labels.indexOf(label);
  if (k < 0 || videos.length === 0) return { label, bias: 0, f1Before: Number.NaN, f1After: Number.NaN };
  const predicted = await Promise.all(videos.map((v) => predictVideo(model, v)));
  const truths = videos.map((v) => runsOf(v.targets, labels));
  const f1 = (bias: number): number =>
    transitionMetrics(predicted.map((evs, i) => matchEvents(truths[i], eventsOf(withBias(evs, labels, label, bias)), [label])), [label]).perKind[label].f1;
  const f1Before = f1(0);
  let bias = 0;
  let f1After = f1Before;
  for (const b of [...BIAS_CANDIDATES].sort((x, y) => Math.abs(x) - Math.abs(y))) {
    const f = f1(b);
    if (f > f1After) [bias, f1After] = [b, f];
  }
  model.params[HEAD_BIAS][k] += bias;
  const calibration = { label, bias, f1Before, f1After };
  model.meta.training = { ...model.meta.training, [`${label}Calibration`]: calibration };
  return calibration;
}
