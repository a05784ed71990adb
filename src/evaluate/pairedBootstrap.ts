/**
 * How sure a difference between two methods scored on the same videos is: a paired bootstrap over videos. Each
 * resample draws as many videos as the set has, with replacement, and scores both methods on the same draw, so what
 * the two share (a hard video is hard for both) cancels out of the difference. Videos, not frames, are the unit:
 * a video's frames and events are not independent of each other.
 */
import { Rng } from '../recurrent/rng.js';
import { tallyFigures, type FigureSet, type VideoTally } from './videoTally.js';

export interface PairedFigure {
  figure: string;
  model: number;
  other: number;
  /** model − other, on all the videos. */
  difference: number;
  /** The central `level` interval of the difference over the resamples in which the figure is defined. */
  low: number;
  high: number;
}

export interface PairedComparison {
  videos: number;
  resamples: number;
  /** Share of the resampled differences inside [low, high] (0.95). */
  level: number;
  figures: PairedFigure[];
}

export interface PairedBootstrapOptions {
  resamples?: number;
  level?: number;
  /** The resampling is seeded: the same inputs give the same intervals. */
  seed?: number;
}

/** The value at quantile q of sorted values (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** Compares `model` with `other`, tallies of the same videos in the same order. */
export function pairedBootstrap(model: readonly VideoTally[], other: readonly VideoTally[], set: FigureSet, opts: PairedBootstrapOptions = {}): PairedComparison {
  if (model.length !== other.length) throw new Error(`paired comparison of ${model.length} against ${other.length} videos`);
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const n = model.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const a = tallyFigures(model, all, set);
  const b = tallyFigures(other, all, set);
  const differences = new Map<string, number[]>([...a.keys()].map((k) => [k, []]));
  const rng = new Rng(opts.seed ?? 1);
  const picks = new Int32Array(n);
  for (let r = 0; r < resamples && n > 0; r++) {
    for (let i = 0; i < n; i++) picks[i] = rng.int(n);
    const x = tallyFigures(model, picks, set);
    const y = tallyFigures(other, picks, set);
    for (const [k, list] of differences) {
      const d = x.get(k)! - y.get(k)!;
      if (!Number.isNaN(d)) list.push(d);
    }
  }
  const figures: PairedFigure[] = [];
  for (const [figure, list] of differences) {
    const [va, vb] = [a.get(figure)!, b.get(figure)!];
    if (Number.isNaN(va) || Number.isNaN(vb) || list.length === 0) continue; // a label neither truth has
    list.sort((p, q) => p - q);
    figures.push({ figure, model: va, other: vb, difference: va - vb, low: quantile(list, (1 - level) / 2), high: quantile(list, (1 + level) / 2) });
  }
  return { videos: n, resamples, level, figures };
}
