/**
 * Evaluate a model on a folder of labelled videos (design.md §6): per-frame accuracy, macro-F1 and confusion;
 * transition events per kind; and the same numbers for a non-learned frame-difference baseline on the same videos.
 */
import { from, lastValueFrom, toArray } from 'rxjs';
import { falsePer5Min } from '../src/evaluate/falsePer5Min.js';
import { frameBaseline } from '../src/evaluate/frameBaseline.js';
import { frameMetrics, type FrameMetrics } from '../src/evaluate/frameMetrics.js';
import { matchEvents, runsOf, transitionMetrics, type TransitionEvent, type TransitionMetrics } from '../src/evaluate/transitionMetrics.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { labelFeatures } from '../src/labeller/labelFeatures.js';
import type { FeatureVector, LabelEvent } from '../src/types.js';
import { datasetMinutes, loadDataset, type LabelledVideo } from './loadDataset.js';

export interface MethodScores {
  frame: FrameMetrics;
  transitions: TransitionMetrics;
  /** Predicted cuts that match no true cut, per 5 minutes of video. */
  falseCutsPer5Min: number;
}

export interface EvalReport {
  data: string;
  videos: number;
  frames: number;
  minutes: number;
  labels: string[];
  model: MethodScores;
  baseline: MethodScores;
}

/** Per-frame labels of one video by the model, through the same operators as live labelling. */
export async function predictVideo(model: Model, v: LabelledVideo): Promise<LabelEvent[]> {
  const dim = model.meta.inputSize;
  const frames = v.values.length / dim;
  const vectors: FeatureVector[] = Array.from({ length: frames }, (_, i) => ({
    index: i,
    time: i / v.fps,
    values: v.values.subarray(i * dim, (i + 1) * dim),
    decodedAt: 0,
  }));
  return lastValueFrom(from(vectors).pipe(labelFeatures(model), toArray()));
}

/** Events after the segment stage (merging, minimum durations), as the sinks would report them. */
export function eventsOf(events: LabelEvent[]): TransitionEvent[] {
  return segmentsOf(events).map(({ label, start, end }) => ({ label, start, end }));
}

function scoreMethod(
  videos: LabelledVideo[],
  labels: string[],
  predicted: Int32Array[],
  predictedEvents: TransitionEvent[][],
  minutes: number,
): MethodScores {
  const perVideo = videos.map((v, i) => matchEvents(runsOf(v.targets, labels), predictedEvents[i]));
  const transitions = transitionMetrics(perVideo);
  return {
    frame: frameMetrics(videos.map((v) => v.targets), predicted, labels),
    transitions,
    falseCutsPer5Min: falsePer5Min(transitions.perKind.cut, minutes),
  };
}

export async function evaluatePipeline(
  modelOrPath: Model | string,
  data: string,
  opts: { cacheDir?: string; onVideo?: (done: number, total: number, name: string) => void } = {},
): Promise<EvalReport> {
  const model = await resolveModel(modelOrPath);
  const { labels: dataLabels, videos } = await loadDataset(data, { spec: model.meta.feature, cacheDir: opts.cacheDir, onVideo: opts.onVideo });
  const labels = [...new Set([...dataLabels, ...model.meta.labels])];
  const index = new Map(labels.map((l, i) => [l, i]));
  const frames = videos.reduce((a, v) => a + v.targets.length, 0);
  const minutes = datasetMinutes(videos);

  const modelEvents = await Promise.all(videos.map((v) => predictVideo(model, v)));
  const modelFrames = modelEvents.map((evs) => Int32Array.from(evs, (e) => index.get(e.label) ?? 0));
  const baselineFrames = videos.map((v) =>
    Int32Array.from(frameBaseline(v.values, model.meta.feature).map((l) => index.get(l) ?? 0)),
  );
  return {
    data,
    videos: videos.length,
    frames,
    minutes,
    labels,
    model: scoreMethod(videos, labels, modelFrames, modelEvents.map(eventsOf), minutes),
    baseline: scoreMethod(videos, labels, baselineFrames, baselineFrames.map((f) => runsOf(f, labels)), minutes),
  };
}
