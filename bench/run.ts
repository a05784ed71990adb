/**
 * `npm run bench`: the figures that depend on this machine's speed, printed as a table and written to
 * bench/results.json. Every ratio compares two things measured in the same run. Medians of several runs.
 *
 *   BENCH_RUNS=5            runs per throughput figure
 *   BENCH_STREAM_SECONDS    length of the long lavfi stream for the memory figure (default 3600: one hour)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, reduce, tap, type Observable } from 'rxjs';
import { labelFile } from '../pipelines/labelFile.js';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { extractFeatures } from '../src/features/extractFeatures.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { DEFAULT_MODEL_PATH, packageRoot } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import type { Model } from '../src/recurrent/model.js';
import { createSink } from '../src/sinks/createSink.js';
import { benchDecode } from './decode.js';
import { benchFeatures } from './features.js';
import { benchLive } from './live.js';
import { benchQueue } from './queue.js';
import { benchRecurrent } from './recurrent.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 3600);
const dir = join(packageRoot, '.cache', 'bench');
const results: Record<string, unknown> = { date: new Date().toISOString(), runs: RUNS };

const CORES = availableParallelism();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line: string): void => console.log(line);

async function clip(name: string, size: string, seconds: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${seconds}s.mp4`);
  if (!existsSync(file)) {
    const { exit, stderrTail } = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
      `testsrc2=size=${size}:rate=30:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'medium', '-pix_fmt', 'yuv420p', file]);
    if (exit.code !== 0) throw new Error(`ffmpeg could not make ${file}: ${stderrTail.join('\n')}`);
  }
  return file;
}

/** Frames/s through decode → features only, and through labelling without a sink (to split the cost by stage). */
async function stageFps(file: string, model: Model, stage: 'features' | 'labels'): Promise<number> {
  const { feature } = model.meta;
  const t0 = performance.now();
  const source: Observable<unknown> =
    stage === 'features'
      ? decodeFrames(file, { width: feature.width, height: feature.height, pixelFormat: FEATURE_PIXEL_FORMAT }).pipe(extractFeatures(feature))
      : labelFile(file, { model });
  const frames = await lastValueFrom(source.pipe(reduce((n: number) => n + 1, 0)));
  return frames / ((performance.now() - t0) / 1000);
}

/** Frames/s of the full labelling pipeline with the JSONL sink writing to /dev/null, and this process's CPU per frame. */
async function labelFps(file: string, model: Model): Promise<{ fps: number; nodeCpuMsPerFrame: number }> {
  const sink = createSink('jsonl', { out: '/dev/null' });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const frames = await lastValueFrom(labelFile(file, { model }).pipe(tap((ev) => sink.write(ev)), reduce((n) => n + 1, 0)));
  await sink.close();
  const cpu = process.cpuUsage(cpu0);
  return { fps: frames / ((performance.now() - t0) / 1000), nodeCpuMsPerFrame: (cpu.user + cpu.system) / 1000 / frames };
}

/** Peak RSS while labelling a long lavfi stream at full speed, sampled once a second. */
async function memoryOverStream(model: Model): Promise<Record<string, number>> {
  const samples: Array<{ frames: number; rss: number }> = [];
  let frames = 0;
  const timer = setInterval(() => samples.push({ frames, rss: process.memoryUsage().rss }), 1000);
  const t0 = performance.now();
  await lastValueFrom(
    labelFile(`testsrc2=size=320x180:rate=25:duration=${STREAM_SECONDS}`, { model, inputArgs: ['-f', 'lavfi'] }).pipe(
      reduce((n) => (frames = n + 1), 0),
    ),
  );
  clearInterval(timer);
  // "After the first minute" of stream time: 25 fps × 60 s.
  const settled = samples.filter((s) => s.frames >= 1500);
  const MB = 1024 * 1024;
  return {
    streamSeconds: STREAM_SECONDS,
    frames,
    wallSeconds: (performance.now() - t0) / 1000,
    rssAfterFirstMinuteMB: (settled[0]?.rss ?? 0) / MB,
    rssPeakMB: Math.max(...samples.map((s) => s.rss)) / MB,
    rssLastMB: (samples.at(-1)?.rss ?? 0) / MB,
    rssGrowthAfterFirstMinuteMB: settled.length ? (Math.max(...settled.map((s) => s.rss)) - settled[0].rss) / MB : 0,
  };
}

const model = await loadModel(DEFAULT_MODEL_PATH);
results.model = 'models/default/model.safetensors';
const { width, height } = model.meta.feature;

// Long enough that ffmpeg's and our start-up (probe, process spawn) are a small part of each run.
for (const [name, size, seconds] of [['1080p', '1920x1080', 30], ['360p', '640x360', 60]] as const) {
  const file = await clip(`testsrc2-${name}`, size, seconds);
  const ffmpegOnly: number[] = [];
  const ffmpegCpu: number[] = [];
  const decodeOnly: number[] = [];
  const label: number[] = [];
  const nodeCpu: number[] = [];
  const features: number[] = [];
  const labelsNoSink: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const d = await benchDecode(file, width, height);
    ffmpegOnly.push(d.ffmpegOnlyFps);
    ffmpegCpu.push(d.ffmpegOnlyCpuMsPerFrame);
    decodeOnly.push(d.decodeFramesFps);
    features.push(await stageFps(file, model, 'features'));
    labelsNoSink.push(await stageFps(file, model, 'labels'));
    const l = await labelFps(file, model);
    label.push(l.fps);
    nodeCpu.push(l.nodeCpuMsPerFrame);
  }
  const r = {
    ffmpegOnlyFps: median(ffmpegOnly),
    ffmpegOnlyCpuMsPerFrame: median(ffmpegCpu),
    nodeCpuMsPerFrame: median(nodeCpu),
    decodeFramesFps: median(decodeOnly),
    featuresFps: median(features),
    labelsWithoutSinkFps: median(labelsNoSink),
    labelFps: median(label),
  };
  // However well ffmpeg and our process overlap, `cores` cores cannot do ffmpeg's CPU work (at least that of ffmpeg
  // alone) plus ours in less than their sum / cores per frame: an upper bound on the ratio this machine allows.
  const ratioBound = Math.min(1, (CORES * (1000 / r.ffmpegOnlyFps)) / (r.ffmpegOnlyCpuMsPerFrame + r.nodeCpuMsPerFrame));
  results[`throughput_${name}`] = {
    ...r,
    ratioLabelToFfmpeg: r.labelFps / r.ffmpegOnlyFps,
    ratioDecodeToFfmpeg: r.decodeFramesFps / r.ffmpegOnlyFps,
    cores: CORES,
    ratioUpperBound: ratioBound,
  };
  log(`${name}: ffmpeg alone ${r.ffmpegOnlyFps.toFixed(0)} fps | decodeFrames ${r.decodeFramesFps.toFixed(0)} fps | labelling ${r.labelFps.toFixed(0)} fps | ratio ${(r.labelFps / r.ffmpegOnlyFps).toFixed(3)}`);
  // Where the rest goes, in ms per frame of wall time, each stage added to the one before: the pipe (rawvideo,
  // splitting, timestamps), features, recurrent step + labels, the JSONL sink.
  const ms = (fps: number): number => 1000 / fps;
  const step = (a: number, b: number): string => (ms(b) - ms(a)).toFixed(3);
  log(
    `  per frame: ffmpeg ${ms(r.ffmpegOnlyFps).toFixed(3)} ms + pipe ${step(r.ffmpegOnlyFps, r.decodeFramesFps)} + features ${step(r.decodeFramesFps, r.featuresFps)}` +
      ` + recurrent/labels ${step(r.featuresFps, r.labelsWithoutSinkFps)} + sink ${step(r.labelsWithoutSinkFps, r.labelFps)} ms`,
  );
  log(
    `  CPU per frame: ffmpeg alone ${r.ffmpegOnlyCpuMsPerFrame.toFixed(3)} ms, framewise's process ${r.nodeCpuMsPerFrame.toFixed(3)} ms` +
      ` → on ${CORES} cores the ratio cannot exceed ${ratioBound.toFixed(3)}`,
  );
}

results.features = await benchFeatures();
log(`features: ${JSON.stringify(results.features)}`);
results.recurrent = await benchRecurrent();
log(`recurrent: ${JSON.stringify(results.recurrent)}`);
results.live = await benchLive();
log(`live: ${JSON.stringify(results.live)}`);
results.memory = await memoryOverStream(model);
log(`memory: ${JSON.stringify(results.memory)}`);
// BENCH_QUEUE=0 leaves out the queue figures (they need redis-server).
if (process.env.BENCH_QUEUE !== '0') results.queue = await benchQueue(log);

writeFileSync(join(packageRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
log('written bench/results.json');
