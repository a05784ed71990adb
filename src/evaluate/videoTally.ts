/**
 * What one video contributes to a method's scores in `framewise eval`: every figure there is a function of the sums of
 * these tallies over the videos, so the figures of any multiset of videos (a bootstrap resample, pairedBootstrap.ts)
 * come from summing theirs.
 */
import { falsePer5Min } from './falsePer5Min.js';
import { frameMetricsOf } from './frameMetrics.js';
import { transitionMetrics } from './transitionMetrics.js';

export interface EventCounts {
  truths: number;
  predictions: number;
  matched: number;
}

export interface VideoTally {
  /** [labels][labels] frame counts, row = true label, column = predicted label. */
  confusion: number[][];
  /** Event counts per transition kind (matchEvents). */
  events: Record<string, EventCounts>;
  minutes: number;
}

/** Which figures a tally sum is read as: the set's labels, its transition kinds and its point label (or null). */
export interface FigureSet {
  labels: readonly string[];
  kinds: readonly string[];
  pointLabel: string | null;
}

/**
 * The figures of the videos `picks` (indices into `tallies`, repeats allowed), by name, in a fixed order:
 * per-frame macro-F1 and F1 of each label, transition F1 overall and per kind, false cuts and false transitions per
 * 5 minutes. A per-frame F1 is NaN when no picked frame has that label in the truth: it is not defined there.
 */
export function tallyFigures(tallies: readonly VideoTally[], picks: ArrayLike<number>, set: FigureSet): Map<string, number> {
  const picked = Array.from(picks, (p) => tallies[p]);
  const frame = frameMetricsOf([...set.labels], picked.map((t) => t.confusion));
  const minutes = picked.reduce((m, t) => m + t.minutes, 0);
  const out = new Map<string, number>();
  out.set('frame macro-F1', frame.macroF1);
  for (const label of set.labels) out.set(`frame F1 ${label}`, frame.perLabel[label].support > 0 ? frame.perLabel[label].f1 : NaN);
  const events = transitionMetrics(picked.map((t) => t.events), set.kinds);
  out.set('transition F1', events.overall.f1);
  for (const kind of set.kinds) out.set(`${kind} F1`, events.perKind[kind].f1);
  if (set.pointLabel !== null) out.set(`false ${set.pointLabel}s/5min`, falsePer5Min(events.perKind[set.pointLabel], minutes));
  out.set('false transitions/5min', falsePer5Min(events.overall, minutes));
  return out;
}
