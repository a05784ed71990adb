/**
 * `framewise demo`: generate a short video with known transitions, label it (runLabelling: a file source, a
 * segments sink), and match what was found against the truth.
 */
import { frameTargets, loadTruth } from '../src/dataset/truthFile.js';
import { matchEvents, runsOf, transitionMetrics, type TransitionEvent, type TransitionMetrics } from '../src/evaluate/transitionMetrics.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { Model } from '../src/recurrent/model.js';
import { resolveModel } from '../src/recurrent/resolveModel.js';
import { wholeRunSink } from '../src/sinks/wholeRunSink.js';
import { fileSource } from '../src/source/fileSource.js';
import type { Segment, TruthFile } from '../src/types.js';
import { runLabelling } from './runLabelling.js';

export interface DemoResult {
  video: string;
  truth: TruthFile;
  /** The truth's runs of one label. */
  expected: TransitionEvent[];
  /** Segments found by the model. */
  found: Segment[];
  metrics: TransitionMetrics;
}

export async function runDemo(modelOrPath: Model | string, dir: string, signal?: AbortSignal): Promise<DemoResult> {
  const model = await resolveModel(modelOrPath);
  // The generator (sharp, lavfi sources) loads only for this command.
  const { generateDemo } = await import('../fixtures/generateDemo.js');
  const { video, truth: truthPath } = await generateDemo(dir);
  const truth = await loadTruth(truthPath);
  let found: Segment[] = [];
  await runLabelling({
    source: fileSource(video),
    model,
    signal,
    sinks: [() => wholeRunSink(async (events) => void (found = segmentsOf(events, { registry: labelRegistry(model.meta) })))],
  });
  const expected = runsOf(frameTargets(truth, truth.labels), truth.labels);
  return { video, truth, expected, found, metrics: transitionMetrics([matchEvents(expected, found)]) };
}
