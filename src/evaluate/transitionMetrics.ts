/**
 * Transition-event metrics: a predicted point event (`cut`) matches a true one of its kind within ±tolerance frames;
 * any other predicted event matches a true one of the same kind that it overlaps; each truth matches at most once.
 * Which labels are point labels, and which are transitions at all, the label registry says.
 */
import { DEFAULT_LABEL_REGISTRY } from '../labels/defaultLabels.js';
import type { LabelRegistry } from '../labels/labelRegistry.js';


export interface TransitionEvent {
  label: string;
  /** First frame, 0-based. */
  start: number;
  /** Last frame, inclusive. */
  end: number;
}

export interface EventScore {
  truths: number;
  predictions: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TransitionMetrics {
  perKind: Record<string, EventScore>;
  overall: EventScore;
}

/** The transitions of the default label set: cut, fade_out, fade_in, dissolve, wipe. */
export const TRANSITION_KINDS: readonly string[] = Object.freeze(DEFAULT_LABEL_REGISTRY.transitionLabels());

function score(truths: number, predictions: number, matched: number): EventScore {
  const precision = predictions ? matched / predictions : truths ? 0 : 1;
  const recall = truths ? matched / truths : predictions ? 0 : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truths, predictions, matched, precision, recall, f1 };
}

/** What matching left over in one video: the true events no prediction matched, and the predictions that match none. */
export interface UnmatchedEvents {
  missed: TransitionEvent[];
  false: TransitionEvent[];
}

/**
 * Matches events of one video; returns the count of matched pairs per kind (`registry` says which kinds are points),
 * and, through `unmatched` when given, the events left over.
 */
export function matchEvents(
  truth: TransitionEvent[],
  pred: TransitionEvent[],
  kinds: readonly string[] = TRANSITION_KINDS,
  registry: LabelRegistry = DEFAULT_LABEL_REGISTRY,
  pointTolerance = 2,
  unmatched?: UnmatchedEvents,
): Record<string, { truths: number; predictions: number; matched: number }> {
  const out: Record<string, { truths: number; predictions: number; matched: number }> = {};
  for (const kind of kinds) {
    const point = registry.role(kind) === 'point';
    const ts = truth.filter((e) => e.label === kind);
    const ps = pred.filter((e) => e.label === kind);
    const used = new Uint8Array(ts.length);
    let matched = 0;
    for (const p of ps) {
      // Best still-unmatched truth: nearest start for point events, largest overlap for the others.
      let best = -1;
      let bestCost = Infinity;
      ts.forEach((t, i) => {
        if (used[i]) return;
        if (point) {
          const d = Math.abs(p.start - t.start);
          if (d <= pointTolerance && d < bestCost) [best, bestCost] = [i, d];
        } else {
          const overlap = Math.min(p.end, t.end) - Math.max(p.start, t.start) + 1;
          if (overlap > 0 && -overlap < bestCost) [best, bestCost] = [i, -overlap];
        }
      });
      if (best >= 0) {
        used[best] = 1;
        matched++;
      } else unmatched?.false.push(p);
    }
    ts.forEach((t, i) => {
      if (!used[i]) unmatched?.missed.push(t);
    });
    out[kind] = { truths: ts.length, predictions: ps.length, matched };
  }
  return out;
}

/** Sums per-video match counts into precision/recall/F1 per kind and overall. */
export function transitionMetrics(
  perVideo: Array<Record<string, { truths: number; predictions: number; matched: number }>>,
  kinds: readonly string[] = TRANSITION_KINDS,
): TransitionMetrics {
  const perKind: Record<string, EventScore> = {};
  let [T, P, M] = [0, 0, 0];
  for (const kind of kinds) {
    let [t, p, m] = [0, 0, 0];
    for (const v of perVideo) {
      const c = v[kind];
      if (!c) continue;
      t += c.truths;
      p += c.predictions;
      m += c.matched;
    }
    perKind[kind] = score(t, p, m);
    T += t;
    P += p;
    M += m;
  }
  return { perKind, overall: score(T, P, M) };
}

/** Runs of equal labels in a per-frame label sequence, as events. */
export function runsOf(frameLabels: ArrayLike<number>, labels: readonly string[]): TransitionEvent[] {
  const runs: TransitionEvent[] = [];
  for (let i = 0; i < frameLabels.length; i++) {
    const label = labels[frameLabels[i]];
    const last = runs[runs.length - 1];
    if (last && last.label === label && last.end === i - 1) last.end = i;
    else runs.push({ label, start: i, end: i });
  }
  return runs;
}
