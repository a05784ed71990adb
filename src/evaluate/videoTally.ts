/**
 * What one video contributes to a method's scores in `framewise eval`: every figure there is a function of the sums of
 * these tallies over the videos, so the figures of any multiset of videos (a bootstrap resample, pairedBootstrap.ts)
 * come from summing theirs.
 */
import { falsePer5Min } from './falsePer5Min.js';
import { labelScores, macroF1 } from './macroF1.js';
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
  const n = set.labels.length;
  const confusion = set.labels.map(() => new Array<number>(n).fill(0));
  let minutes = 0;
  const perVideo: Array<Record<string, EventCounts>> = [];
  for (let p = 0; p < picks.length; p++) {
    const t = tallies[picks[p]];
    for (let i = 0; i < n; i++) {
      const row = t.confusion[i];
      const sum = confusion[i];
      for (let j = 0; j < n; j++) sum[j] += row[j];
    }
    minutes += t.minutes;
    perVideo.push(t.events);
  }
  const out = new Map<string, number>();
  out.set('frame macro-F1', macroF1(confusion));
  labelScores(confusion).forEach((s, k) => out.set(`frame F1 ${set.labels[k]}`, s.support > 0 ? s.f1 : NaN));
  const events = transitionMetrics(perVideo, set.kinds);
  out.set('transition F1', events.overall.f1);
  for (const kind of set.kinds) out.set(`${kind} F1`, events.perKind[kind].f1);
  if (set.pointLabel !== null) out.set(`false ${set.pointLabel}s/5min`, falsePer5Min(events.perKind[set.pointLabel], minutes));
  out.set('false transitions/5min', falsePer5Min(events.overall, minutes));
  return out;
}
