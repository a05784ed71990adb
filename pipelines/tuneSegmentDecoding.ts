/**
 * Scores settings of the segment decoder's tuned weights (docs/segments.md, "Where the numbers come from") on labelled
 * validation folders, for several models at once: each model's per-frame scores on each folder are computed once,
 * then every setting decodes them and is scored exactly as `framewise eval` scores transition events.
 * `rankDecodings` applies the rule the shipped weights are checked by.
 */
import { matchEvents, runsOf, transitionMetrics, type TransitionEvent } from '../src/evaluate/transitionMetrics.js';
import { featureKey } from '../src/features/featureSpec.js';
import type { LabelRegistry } from '../src/labels/labelRegistry.js';
import { DEFAULT_SEGMENT_DECODING, type SegmentDecoding } from '../src/labels/SegmentDecoder.js';
import type { Model } from '../src/recurrent/model.js';
import type { LabelEvent } from '../src/types.js';
import { evaluationRegistry, eventsOf, predictVideo } from './evaluate.js';
import { loadDataset } from './loadDataset.js';

/** The weights tuned on validation; the rest of SegmentDecoding was set before the search and is left. */
export type TunedWeights = Pick<SegmentDecoding, 'durationWeight' | 'successionWeight' | 'shareWeight' | 'changeWeight'>;

const { durationWeight, successionWeight, shareWeight, changeWeight } = DEFAULT_SEGMENT_DECODING;
/** The weights the decoder ships with. */
export const SHIPPED_WEIGHTS: Readonly<TunedWeights> = Object.freeze({ durationWeight, successionWeight, shareWeight, changeWeight });

export interface DecodingScore {
  /** True transitions of every kind in the folder. */
  truths: number;
  /** Transition-event F1 over every kind, as `framewise eval` prints it. */
  f1: number;
  /** Predicted point events (cuts) that match no true one. */
  falseCuts: number;
  /** Predicted transitions of any kind that match no true one. */
  falseTransitions: number;
}

export interface ScoredDecoding {
  weights: TunedWeights;
  /** By model name, then folder name. */
  scores: Record<string, Record<string, DecodingScore>>;
}

/** One model's per-frame events on one folder, with what scoring them needs. */
interface Labelled {
  model: string;
  folder: string;
  registry: LabelRegistry;
  events: LabelEvent[][];
  truths: TransitionEvent[][];
}

function score(l: Labelled, weights: TunedWeights): DecodingScore {
  const kinds = l.registry.transitionLabels();
  const point = l.registry.pointLabel();
  const metrics = transitionMetrics(
    l.events.map((evs, i) => matchEvents(l.truths[i], eventsOf(evs, l.registry, weights), kinds, l.registry)),
    kinds,
  );
  const cuts = point === null ? null : metrics.perKind[point];
  const { truths, predictions, matched, f1 } = metrics.overall;
  return { truths, f1, falseCuts: cuts ? cuts.predictions - cuts.matched : 0, falseTransitions: predictions - matched };
}

export async function scoreDecodings(
  models: ReadonlyArray<{ name: string; model: Model }>,
  folders: ReadonlyArray<{ name: string; dir: string }>,
  grid: readonly TunedWeights[],
  opts: { cacheDir?: string; onScored?: (done: number, total: number) => void } = {},
): Promise<ScoredDecoding[]> {
  const labelled: Labelled[] = [];
  // Models with the same features share each folder's.
  const loaded = new Map<string, ReturnType<typeof loadDataset>>();
  for (const { name, model } of models) {
    for (const folder of folders) {
      const key = `${featureKey(model.meta.feature)}\0${folder.dir}`;
      if (!loaded.has(key)) loaded.set(key, loadDataset(folder.dir, { spec: model.meta.feature, cacheDir: opts.cacheDir }));
      const { labels, videos } = await loaded.get(key)!;
      const registry = evaluationRegistry(model, labels);
      labelled.push({
        model: name,
        folder: folder.name,
        registry,
        events: await Promise.all(videos.map((v) => predictVideo(model, v))),
        truths: videos.map((v) => runsOf(v.targets, registry.labels)),
      });
    }
  }
  return grid.map((weights, i) => {
    const scores: ScoredDecoding['scores'] = {};
    for (const l of labelled) (scores[l.model] ??= {})[l.folder] = score(l, weights);
    opts.onScored?.(i + 1, grid.length);
    return { weights, scores };
  });
}

/**
 * A setting's objective: over the models, the sum of the mean transition-event F1 of the folders that hold true
 * transitions (a folder without any, unedited footage, can only lose: it is a constraint, not a score).
 */
export function decodingObjective(d: ScoredDecoding): number {
  let sum = 0;
  for (const folders of Object.values(d.scores)) {
    const f1s = Object.values(folders).filter((s) => s.truths > 0).map((s) => s.f1);
    if (f1s.length > 0) sum += f1s.reduce((a, b) => a + b, 0) / f1s.length;
  }
  return sum;
}

/**
 * The settings that make, for every model and folder, no more false cuts than `reference` and no more false
 * transitions on a folder without true ones (a user of a cut list is hurt more by a cut that is not there than helped
 * by one more found; F1 alone weighs them alike), best objective first.
 */
export function rankDecodings(scored: readonly ScoredDecoding[], reference: ScoredDecoding): ScoredDecoding[] {
  const within = (d: ScoredDecoding): boolean =>
    Object.entries(reference.scores).every(([model, folders]) =>
      Object.entries(folders).every(([folder, ref]) => {
        const s = d.scores[model]?.[folder];
        return s !== undefined && s.falseCuts <= ref.falseCuts && (ref.truths > 0 || s.falseTransitions <= ref.falseTransitions);
      }),
    );
  return scored.filter(within).sort((a, b) => decodingObjective(b) - decodingObjective(a));
}
