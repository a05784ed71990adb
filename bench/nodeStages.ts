/**
 * Where the Node side's CPU goes, per frame, on a real file: each stage timed in this process with
 * process.cpuUsage() (user + system of every thread of this process — ffmpeg is a child and is not counted).
 *   - decode pipe: decodeFrames alone (reading rawvideo from the pipe, splitting frames, pairing showinfo lines);
 *   - features: decode + extractFeatures, minus the pipe;
 *   - recurrent step: StreamRunner.step over the file's own feature vectors (no decoding);
 *   - labels: labelFeatures (recurrent step + scores → label events) over the same vectors, minus the step;
 *   - segments + sink: the segments sink writing those events to a file and closing it.
 * Each figure comes from a run of its own, so they add up to about the labelling run's CPU without start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, reduce, tap, toArray } from 'rxjs';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { labelFeatures } from '../src/labeller/labelFeatures.js';
import { labelRegistry } from '../src/labels/labelRegistry.js';
import type { Model } from '../src/recurrent/model.js';
import { StreamRunner } from '../src/recurrent/StreamRunner.js';
import { createSink } from '../src/sinks/createSink.js';
import type { FeatureVector } from '../src/types.js';

export interface NodeStageCpu {
  frames: number;
  /** CPU ms per frame of each stage. */
  decodePipe: number;
  features: number;
  recurrentStep: number;
  labels: number;
  segmentsSink: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export async function nodeStages(file: string, model: Model): Promise<NodeStageCpu> {
  const { feature } = model.meta;
  const request = { width: feature.width, height: feature.height, pixelFormat: FEATURE_PIXEL_FORMAT } as const;

  let t = process.cpuUsage();
  const frames = await lastValueFrom(decodeFrames(file, request).pipe(reduce((n) => n + 1, 0)));
  const pipe = cpuMs(t);

  // Copies: the extractor may reuse its output buffer between frames.
  const vectors: FeatureVector[] = [];
  t = process.cpuUsage();
  await lastValueFrom(
    decodeFrames(file, request).pipe(
      extractFeatures(feature),
      tap((v) => vectors.push({ ...v, values: Float32Array.from(v.values) })),
      reduce((n) => n + 1, 0),
    ),
  );
  const withFeatures = cpuMs(t);

  const runner = new StreamRunner(model);
  t = process.cpuUsage();
  let check = 0;
  for (const v of vectors) check += runner.step(v.values)[0];
  const step = cpuMs(t);
  if (Number.isNaN(check)) throw new Error('the recurrent step gave NaN');

  t = process.cpuUsage();
  const events = await lastValueFrom(from(vectors).pipe(labelFeatures(model), toArray()));
  const labelled = cpuMs(t);

  const dir = mkdtempSync(join(tmpdir(), 'framewise-bench-'));
  try {
    t = process.cpuUsage();
    const sink = createSink('segments', { out: join(dir, 'out.json'), source: file, fps: 25, frames, segments: { registry: labelRegistry(model.meta) } });
    for (const ev of events) sink.write(ev);
    await sink.close({ complete: true });
    const sinkMs = cpuMs(t);
    return {
      frames,
      decodePipe: pipe / frames,
      features: (withFeatures - pipe) / frames,
      recurrentStep: step / frames,
      labels: (labelled - step) / frames,
      segmentsSink: sinkMs / frames,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
