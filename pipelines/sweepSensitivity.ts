/**
 * `framewise eval --sweep`: transition precision, recall and F1 of one model on labelled videos for a range of
 * sensitivity settings, so a user can pick `--cut-sensitivity` / `--gradual-sensitivity` for their own footage.
 * Features are extracted (or read from the cache) once; each setting runs the network again on them, with the head
 * bias shifted exactly as labelling would shift it.
 */
import { falsePer5Min } from '../src/evaluate/falsePer5Min.js';
import { matchEvents, runsOf, transitionMetrics, type EventScore } from '../src/evaluate/transitionMetrics.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { withSensitivity, type Sensitivity } from '../src/recurrent/withSensitivity.js';
import { eventsOf, predictVideo } from './evaluate.js';
import { datasetMinutes, loadDataset } from './loadDataset.js';

/** The offsets a sweep tries by default: −2 to +2 in steps of 0.5. */
export const SWEEP_OFFSETS: readonly number[] = Array.from({ length: 9 }, (_, i) => -2 + i * 0.5);

export interface SweepRow {
  cut: number;
  gradual: number;
  /** The point labels' events (cuts), pooled. */
  cuts: EventScore;
  /** The gradual labels' events (fades, dissolves, wipes), pooled. */
  graduals: EventScore;
  overall: EventScore;
  /** Cuts matching no true one, per 5 minutes; null for a label set without a point label. */
  falseCutsPer5Min: number | null;
}

export interface SweepReport {
  data: string;
  videos: number;
  minutes: number;
  rows: SweepRow[];
}

function pooled(scores: EventScore[]): EventScore {
  const truths = scores.reduce((a, s) => a + s.truths, 0);
  const predictions = scores.reduce((a, s) => a + s.predictions, 0);
  const matched = scores.reduce((a, s) => a + s.matched, 0);
  const precision = predictions ? matched / predictions : truths ? 0 : 1;
  const recall = truths ? matched / truths : predictions ? 0 : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truths, predictions, matched, precision, recall, f1 };
}

/**
 * Scores every setting of `settings` (default: the cut offset over SWEEP_OFFSETS with gradual 0, then the gradual
 * offset over SWEEP_OFFSETS with cut 0; the 0/0 row once).
 */
export async function sweepSensitivity(
  modelOrPath: Model | string,
  data: string,
  opts: { cacheDir?: string; settings?: readonly Sensitivity[]; onVideo?: (done: number, total: number, name: string) => void; onSetting?: (done: number, total: number) => void } = {},
): Promise<SweepReport> {
  const model = await resolveModel(modelOrPath);
  const { labels: dataLabels, videos } = await loadDataset(data, { spec: model.meta.feature, cacheDir: opts.cacheDir, onVideo: opts.onVideo });
  const labels = [...new Set([...dataLabels, ...model.meta.labels])];
  const registry = labelRegistry({ labels, labelInfo: model.meta.labelInfo });
  const kinds = registry.transitionLabels();
  const pointKinds = kinds.filter((k) => registry.role(k) === 'point');
  const gradualKinds = kinds.filter((k) => registry.role(k) === 'gradual');
  const point = registry.pointLabel();
  const minutes = datasetMinutes(videos);
  const truths = videos.map((v) => runsOf(v.targets, labels));
  const settings = opts.settings ?? [
    ...SWEEP_OFFSETS.map((cut) => ({ cut, gradual: 0 })),
    ...SWEEP_OFFSETS.filter((g) => g !== 0).map((gradual) => ({ cut: 0, gradual })),
  ];
  const rows: SweepRow[] = [];
  for (const [i, s] of settings.entries()) {
    const tuned = withSensitivity(model, s);
    const predicted = await Promise.all(videos.map((v) => predictVideo(tuned, v)));
    const matches = predicted.map((evs, j) => matchEvents(truths[j], eventsOf(evs, registry), kinds, registry));
    const m = transitionMetrics(matches, kinds);
    rows.push({
      cut: s.cut ?? 0,
      gradual: s.gradual ?? 0,
      cuts: pooled(pointKinds.map((k) => m.perKind[k])),
      graduals: pooled(gradualKinds.map((k) => m.perKind[k])),
      overall: m.overall,
      falseCutsPer5Min: point === null ? null : falsePer5Min(m.perKind[point], minutes),
    });
    opts.onSetting?.(i + 1, settings.length);
  }
  return { data, videos: videos.length, minutes, rows };
}
