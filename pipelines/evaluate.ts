/**
 * Evaluate a model on a folder of labelled videos: per-frame accuracy, macro-F1 and confusion; transition events per
 * kind (the point and gradual labels of the model's label registry); and the same numbers for a non-learned
 * frame-difference baseline on the same videos, when the label set is one the baseline knows.
 */
import { from, lastValueFrom, toArray } from 'rxjs';
import { falsePer5Min } from '../src/evaluate/falsePer5Min.js';
import { frameBaseline } from '../src/evaluate/frameBaseline.js';
import { confusionOf, frameMetricsOf, type FrameMetrics } from '../src/evaluate/frameMetrics.js';
import { pairedBootstrap, type PairedComparison } from '../src/evaluate/pairedBootstrap.js';
import { matchEvents, runsOf, transitionMetrics, type TransitionEvent, type TransitionMetrics, type UnmatchedEvents } from '../src/evaluate/transitionMetrics.js';
import { UsageError } from '../src/errors.js';
import { featureKey } from '../src/features/featureSpec.js';
import { DEFAULT_LABEL_REGISTRY } from '../src/labels/defaultLabels.js';
import { labelRegistry, type LabelRegistry } from '../src/labels/labelRegistry.js';
import type { SegmentDecoding } from '../src/labels/SegmentDecoder.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { labelFeatures } from '../src/labeller/labelFeatures.js';
import type { FeatureVector, LabelEvent } from '../src/types.js';
import type { VideoTally } from '../src/evaluate/videoTally.js';
import { datasetMinutes, loadDataset, type LabelledVideo } from './loadDataset.js';

// What `framewise eval` prints, for its callers.
export { formatEvalReport } from '../src/evaluate/formatEvalReport.js';

/** One transition event that matching left over: a prediction that matches no true event, or a true event missed. */
export interface EventError extends TransitionEvent {
  video: string;
  error: 'false' | 'missed';
}

export interface MethodScores {
  frame: FrameMetrics;
  transitions: TransitionMetrics;
  /** Predicted point events (cuts) that match no true one, per 5 minutes of video; null for a set without a point label. */
  falseCutsPer5Min: number | null;
  /**
   * Predicted transitions of every kind that match no true one, per 5 minutes of video: on footage without edits
   * (real-val's unedited folder), every transition found is one of these.
   */
  falseTransitionsPer5Min: number;
  /** Every false and every missed transition event, by video and frame. */
  errors: EventError[];
}

export interface EvalReport {
  data: string;
  videos: number;
  frames: number;
  minutes: number;
  labels: string[];
  /** The label whose false events falseCutsPer5Min counts (the registry's point label, `cut`), or null. */
  pointLabel: string | null;
  model: MethodScores;
  /** Null when the label set lacks one of the baseline's labels (frameBaseline.ts). */
  baseline: MethodScores | null;
  /** With `against`: that model's scores on the same videos, and the paired differences (model − it). */
  comparison?: ModelComparison;
  /** Why the numbers may mean nothing (e.g. the truth files and the model share no label); printed first. */
  warnings: string[];
}

export interface ModelComparison {
  /** The other model, as given. */
  against: string;
  scores: MethodScores;
  paired: PairedComparison;
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
  return lastValueFrom(from(vectors).pipe(labelFeatures(model, { batch: 4 }), toArray()));
}

/** Events after the segment stage (`registry`'s grammar and priors; `decoding`'s weights, default the shipped ones), as the sinks would report them. */
export function eventsOf(events: LabelEvent[], registry: LabelRegistry = DEFAULT_LABEL_REGISTRY, decoding?: Partial<SegmentDecoding>): TransitionEvent[] {
  return segmentsOf(events, { registry, decoding }).map(({ label, start, end }) => ({ label, start, end }));
}

/**
 * The registry a model is scored with on a folder: the model's labels and those only its truth files name, which take
 * the shipped defaults by name, like any label the model file does not describe.
 */
export function evaluationRegistry(model: Model, dataLabels: readonly string[]): LabelRegistry {
  return labelRegistry({ labels: [...new Set([...dataLabels, ...model.meta.labels])], labelInfo: model.meta.labelInfo });
}

/** A method's scores, and the per-video tallies they are sums of (for a paired comparison). */
function scoreMethod(
  videos: LabelledVideo[],
  registry: LabelRegistry,
  predicted: Int32Array[],
  predictedEvents: TransitionEvent[][],
  minutes: number,
): { scores: MethodScores; tallies: VideoTally[] } {
  const labels = [...registry.labels];
  const kinds = registry.transitionLabels();
  const errors: EventError[] = [];
  const perVideo = videos.map((v, i) => {
    const left: UnmatchedEvents = { missed: [], false: [] };
    const counts = matchEvents(runsOf(v.targets, labels), predictedEvents[i], kinds, registry, undefined, left);
    const found = [...left.false.map((e) => ({ ...e, video: v.name, error: 'false' as const })), ...left.missed.map((e) => ({ ...e, video: v.name, error: 'missed' as const }))];
    errors.push(...found.sort((a, b) => a.start - b.start || a.end - b.end));
    return counts;
  });
  const transitions = transitionMetrics(perVideo, kinds);
  const point = registry.pointLabel();
  const confusions = videos.map((v, i) => confusionOf(v.targets, predicted[i], labels.length));
  const scores = {
    frame: frameMetricsOf(labels, confusions),
    transitions,
    falseCutsPer5Min: point === null ? null : falsePer5Min(transitions.perKind[point], minutes),
    falseTransitionsPer5Min: falsePer5Min(transitions.overall, minutes),
    errors,
  };
  const tallies = videos.map((v, i) => ({
    confusion: confusions[i],
    events: perVideo[i],
    minutes: v.targets.length / v.fps / 60,
  }));
  return { scores, tallies };
}

export async function evaluatePipeline(
  modelOrPath: Model | string,
  data: string,
  opts: {
    cacheDir?: string;
    fastDecode?: boolean;
    onVideo?: (done: number, total: number, name: string) => void;
    /** A second model scored on the same videos, for a paired comparison (pairedBootstrap.ts). */
    against?: Model | string;
  } = {},
): Promise<EvalReport> {
  const model = await resolveModel(modelOrPath);
  const { labels: dataLabels, videos } = await loadDataset(data, { spec: model.meta.feature, cacheDir: opts.cacheDir, fastDecode: opts.fastDecode, onVideo: opts.onVideo });
  const registry = evaluationRegistry(model, dataLabels);
  const labels = [...registry.labels];
  const warnings: string[] = [];
  const modelLabels = new Set(model.meta.labels);
  if (!dataLabels.some((l) => modelLabels.has(l))) {
    warnings.push(`the truth files (${dataLabels.join(', ')}) and the model (${model.meta.labels.join(', ')}) have no label in common: every score is 0`);
  }
  const index = new Map(labels.map((l, i) => [l, i]));
  const frames = videos.reduce((a, v) => a + v.targets.length, 0);
  const minutes = datasetMinutes(videos);

  // Each model's events come through its own registry (its segment priors), as `framewise label` would make them.
  const scoreModel = async (m: Model, mVideos: LabelledVideo[]): Promise<ReturnType<typeof scoreMethod>> => {
    const events = await Promise.all(mVideos.map((v) => predictVideo(m, v)));
    const predicted = events.map((evs) => Int32Array.from(evs, (e) => index.get(e.label) ?? 0));
    const ownRegistry = evaluationRegistry(m, dataLabels);
    return scoreMethod(videos, registry, predicted, events.map((evs) => eventsOf(evs, ownRegistry)), minutes);
  };
  const scored = await scoreModel(model, videos);
  const baselineLabels = videos.map((v) => frameBaseline(v.values, model.meta.feature, registry));
  const baselineFrames = baselineLabels.every((ls) => ls !== null) ? baselineLabels.map((ls) => Int32Array.from(ls, (l) => index.get(l)!)) : null;
  let comparison: ModelComparison | undefined;
  if (opts.against !== undefined) {
    const other = await resolveModel(opts.against);
    const otherLabels = [...evaluationRegistry(other, dataLabels).labels];
    if (otherLabels.join() !== labels.join()) {
      throw new UsageError('E_USAGE', `--against: the two models label different sets on this data (${labels.join(', ')} against ${otherLabels.join(', ')}), so their frames cannot be compared`);
    }
    // The other model's own feature version, when it has another (the cache keeps both).
    const f = other.meta.feature;
    const onVideo = opts.onVideo && ((done: number, total: number, video: string) => opts.onVideo?.(videos.length + done, videos.length + total, video));
    const otherVideos =
      featureKey(f) === featureKey(model.meta.feature) ? videos : (await loadDataset(data, { spec: f, cacheDir: opts.cacheDir, fastDecode: opts.fastDecode, onVideo })).videos;
    if (otherVideos.length !== videos.length || otherVideos.some((v, i) => v.name !== videos[i].name)) throw new Error(`${data} changed while it was being evaluated`);
    const otherScored = await scoreModel(other, otherVideos);
    comparison = {
      against: typeof opts.against === 'string' ? opts.against : 'the other model',
      scores: otherScored.scores,
      paired: pairedBootstrap(scored.tallies, otherScored.tallies, { labels, kinds: registry.transitionLabels(), pointLabel: registry.pointLabel() }),
    };
  }
  return {
    data,
    videos: videos.length,
    frames,
    minutes,
    labels,
    pointLabel: registry.pointLabel(),
    model: scored.scores,
    baseline: baselineFrames && scoreMethod(videos, registry, baselineFrames, baselineFrames.map((f) => runsOf(f, labels)), minutes).scores,
    ...(comparison === undefined ? {} : { comparison }),
    warnings,
  };
}
