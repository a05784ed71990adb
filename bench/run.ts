/**
 * `npm run bench`: the figures that depend on this machine's speed, printed as tables and written to
 * bench/results.json. Every ratio compares two things measured in the same run, in alternating order.
 *
 * Throughput, per file × model (real footage and generated files, 360p and 1080p; the shipped delay-4 ensemble and
 * the live model), BENCH_RUNS times in the order ffmpeg, framewise, ffmpeg, framewise, …, medians reported (and, of the
 * ratio, the lowest and highest of a single round, which show how much the machine's speed drifted):
 *   - ffmpeg alone: the same binary with exactly the argument list framewise's decoder builds (decodeArgs: the same
 *     filter chain with scale=W:H:flags=area, format, settb and showinfo, the same pixel format, rawvideo to stdout),
 *     stdout going to /dev/null; the bench checks that the CLI's own ffmpeg ran this very list;
 *   - framewise: the CLI process `framewise label FILE -m MODEL -f segments -o OUT`, start-up included, as an
 *     installed package runs it: the compiled, bundled CLI (the bench runs `npm run build` first). In a source checkout
 *     bin/framewise.js loads the TypeScript through tsx instead; the start-up line shows what that costs;
 *   - framewise on the file's first SHORT_SECONDS seconds (`--duration`): what a run costs the Node process before its
 *     frames (start-up, probe, model, compilation of the code the first frames run), so that the whole run's Node CPU
 *     less this one's, over the frames between, is the Node side's cost per frame once running;
 *   - framewise's decode alone: a Node process running the compiled decode stage (decodeFrames: the same ffmpeg, its
 *     frames read from the pipe and paired with their showinfo times) and nothing after it, checked like the CLI run
 *     (the same argument list, as many frames): the ratio a framewise that spent nothing on its frames would reach;
 *   - CPU and peak RSS of each process from /proc (bench/measureProcess.ts describes the method and its error);
 *   - where the Node side's CPU goes, stage by stage, from in-process runs (bench/nodeStages.ts).
 * Then the feature, recurrent and live micro-benchmarks, and the memory check over a long stream.
 *
 *   BENCH_RUNS=3            runs per figure (default 3)
 *   BENCH_STREAM_SECONDS    length of the long lavfi stream for the memory check (default 3600: one hour)
 *   BENCH_ONLY=real|generated   measure only those files; BENCH_ONLY=decoder: only the decoder options table
 *   BENCH_DECODER=0         leave out the decoder options table (BENCH_QUEUE=0: the queue figures; BENCH_SEVERAL=0:
 *                           the several-files table, `label FOLDER --jobs N` on clips of the real footage)
 *   FRAMEWISE_FOOTAGE       the shared footage folder for the real file (bench/realFootage.ts)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { lastValueFrom, reduce } from 'rxjs';
import { labelFile } from '../pipelines/labelFile.js';
import { bundleCli } from '../src/build/bundleCli.js';
import { decodeArgs } from '../src/decode/decodeArgs.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { DEFAULT_JOBS } from '../pipelines/defaultJobs.js';
import { DEFAULT_LIVE_MODEL_PATH, DEFAULT_MODEL_PATH, packageRoot } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import type { Model } from '../src/recurrent/model.js';
import { benchDecoderOptions, hevcCopy, type DecoderOptionRow } from './decoderOptions.js';
import { benchFeatures } from './features.js';
import { benchLive } from './live.js';
import { benchQueue } from './queue.js';
import { measureProcess, type ProcessUsage } from './measureProcess.js';
import { nodeStages, type NodeStageCpu } from './nodeStages.js';
import { realFootage } from './realFootage.js';
import { benchRecurrent } from './recurrent.js';
import { requireSuccess, runProgram } from './runProgram.js';
import { benchSeveralFiles, type SeveralFilesRow } from './severalFiles.js';
import { framesOf } from './framesOf.js';
import { median } from './median.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 3600);
const ONLY = process.env.BENCH_ONLY;
/** The bundled CLI, what `npm install framewise` runs (built below); bin/framewise.js, what a checkout runs. */
const CLI = join(packageRoot, 'dist', 'cli', 'main.js');
const CHECKOUT_CLI = join(packageRoot, 'bin', 'framewise.js');
const dir = join(packageRoot, '.cache', 'bench');
const CORES = availableParallelism();
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  runs: RUNS,
  cores: CORES,
  note: 'medians; the machine may have been running other work (see the README on noise)',
};

/** The short run's length: a few dozen frames, enough for the code that runs per frame to be compiled. */
const SHORT_SECONDS = 2;

const log = (line: string): void => console.log(line);
const f3 = (x: number): string => x.toFixed(3);

async function generated(name: string, size: string, seconds: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${seconds}s.mp4`);
  if (!existsSync(file)) {
    const run = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i',
      `testsrc2=size=${size}:rate=30:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'medium', '-pix_fmt', 'yuv420p', file]);
    requireSuccess(`making ${file}`, run);
  }
  return file;
}

interface Throughput {
  frames: number;
  ffmpegFps: number;
  framewiseFps: number;
  /** framewise fps / ffmpeg-alone fps. */
  ratio: number;
  /** The same with the CLI's start-up (`framewise label --help`, measured apart) taken out of framewise's wall time. */
  ratioWithoutStartup: number;
  /** framewise's decode stage alone, in a Node process of its own (`DECODE_ALONE`): its fps / ffmpeg-alone fps. */
  decodeAloneRatio: number;
  /**
   * The lowest and highest of each round's own ratio (its ffmpeg-alone wall time over its framewise wall time, the two
   * run one after the other): the spread that the medians hide when the machine's speed drifts during the run.
   */
  pairedRatioRange: [number, number];
  ffmpegAloneCpuMsPerFrame: number;
  framewiseNodeCpuMsPerFrame: number;
  /** The Node side's CPU per frame once running: (the whole run's − the first SHORT_SECONDS' run's) / the frames between. */
  framewiseNodeCpuMsPerFrameRunning: number;
  /** The Node CPU of a run on the first SHORT_SECONDS seconds (median), and its frames. */
  shortRun: { frames: number; nodeCpuMs: number };
  framewiseFfmpegCpuMsPerFrame: number;
  ffmpegAlonePeakRssMB: number;
  framewiseNodePeakRssMB: number;
  framewiseFfmpegPeakRssMB: number;
  /** On CORES cores, ffmpeg's work plus ours cannot take less than their sum / cores per frame. */
  ratioUpperBound: number;
  nodeStagesCpuMsPerFrame: NodeStageCpu;
  /** The CLI's start-up CPU (`framewise label --help`, measured apart) spread over the file's frames. */
  nodeStartupCpuMsPerFrame: number;
  /** The node process's CPU per frame in neither the stages nor the start-up: probe, GC, the run's set-up. */
  nodeOtherCpuMsPerFrame: number;
}

/**
 * A Node process that runs framewise's compiled decode stage on argv[1] at argv[2]×argv[3] and only counts the frames
 * (it fails unless it got argv[4] of them): what receiving the frames costs without any work on them.
 */
const DECODE_ALONE = `
const { decodeFrames } = await import(${JSON.stringify(new URL('../dist/src/decode/decodeFrames.js', import.meta.url).href)});
const [file, width, height, expected] = process.argv.slice(1);
let n = 0;
decodeFrames(file, { width: Number(width), height: Number(height), pixelFormat: ${JSON.stringify(FEATURE_PIXEL_FORMAT)} }).subscribe({
  next: () => n++,
  error: (err) => { console.error(err.message); process.exit(1); },
  complete: () => { if (n !== Number(expected)) { console.error(n + ' frames, not ' + expected); process.exit(1); } },
});`;

/** A comparison with ffmpeg alone is fair only if the measured process's ffmpeg ran exactly the list ffmpeg alone ran. */
function requireSameDecode(who: string, run: ProcessUsage, args: string[]): void {
  const ran = run.childCommands.find((c) => c.includes('rawvideo'));
  if (!ran || JSON.stringify(ran.slice(1)) !== JSON.stringify(args)) {
    throw new Error(`${who}'s ffmpeg ran another argument list than the bench's ffmpeg alone:\n  ${ran?.join(' ')}\n  ${args.join(' ')}`);
  }
}

async function throughput(file: string, modelPath: string, model: Model, ffmpegPath: string, startup: { wallMs: number; cpuMs: number }): Promise<Throughput> {
  const { width, height } = model.meta.feature;
  const args = decodeArgs(file, { width, height, pixelFormat: FEATURE_PIXEL_FORMAT, ffmpegPath });
  const tmp = mkdtempSync(join(tmpdir(), 'framewise-bench-'));
  const out = join(tmp, 'out.json');
  const alone: ProcessUsage[] = [];
  const fw: ProcessUsage[] = [];
  const decodeAlone: ProcessUsage[] = [];
  const short: ProcessUsage[] = [];
  let frames = 0;
  let shortFrames = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      const a = await measureProcess(ffmpegPath, args);
      if (a.exitCode !== 0) throw new Error(`ffmpeg alone failed on ${file}: ${a.stderrTail.slice(-3).join(' ')}`);
      alone.push(a);
      const l = await measureProcess(process.execPath, [CLI, 'label', file, '-m', modelPath, '-f', 'segments', '-o', out, '--no-progress']);
      if (l.exitCode !== 0) throw new Error(`framewise label failed on ${file}: ${l.stderrTail.slice(-3).join(' ')}`);
      requireSameDecode('framewise label', l, args);
      fw.push(l);
      frames = framesOf(out);
      const s = await measureProcess(process.execPath, [CLI, 'label', file, '-m', modelPath, '-f', 'segments', '-o', out, '--no-progress', '--duration', String(SHORT_SECONDS)]);
      if (s.exitCode !== 0) throw new Error(`framewise label --duration ${SHORT_SECONDS} failed on ${file}: ${s.stderrTail.slice(-3).join(' ')}`);
      short.push(s);
      shortFrames = framesOf(out);
      const d = await measureProcess(process.execPath, ['--input-type=module', '-e', DECODE_ALONE, file, String(width), String(height), String(frames)]);
      if (d.exitCode !== 0) throw new Error(`the decode stage alone failed on ${file}: ${d.stderrTail.slice(-3).join(' ')}`);
      requireSameDecode('the decode stage alone', d, args);
      decodeAlone.push(d);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const stageRuns: NodeStageCpu[] = [];
  for (let i = 0; i < RUNS; i++) stageRuns.push(await nodeStages(file, model));
  const stages: NodeStageCpu = {
    frames: stageRuns[0].frames,
    decodePipe: median(stageRuns.map((s) => s.decodePipe)),
    features: median(stageRuns.map((s) => s.features)),
    recurrentStep: median(stageRuns.map((s) => s.recurrentStep)),
    labels: median(stageRuns.map((s) => s.labels)),
    segmentsSink: median(stageRuns.map((s) => s.segmentsSink)),
  };
  if (stages.frames !== frames) throw new Error(`${file}: decodeFrames gave ${stages.frames} frames, framewise label ${frames}`);

  const perFrame = (xs: ProcessUsage[], pick: (u: ProcessUsage) => number): number => median(xs.map(pick)) / frames;
  const ffmpegFps = frames / (median(alone.map((u) => u.wallMs)) / 1000);
  const framewiseFps = frames / (median(fw.map((u) => u.wallMs)) / 1000);
  const ffmpegAloneCpu = perFrame(alone, (u) => u.totalCpuMs);
  const nodeCpu = perFrame(fw, (u) => u.ownCpuMs);
  const paired = alone.map((a, i) => a.wallMs / fw[i].wallMs);
  const stageSum = stages.decodePipe + stages.features + stages.recurrentStep + stages.labels + stages.segmentsSink;
  return {
    frames,
    ffmpegFps,
    framewiseFps,
    ratio: framewiseFps / ffmpegFps,
    ratioWithoutStartup: frames / ((median(fw.map((u) => u.wallMs)) - startup.wallMs) / 1000) / ffmpegFps,
    decodeAloneRatio: frames / (median(decodeAlone.map((u) => u.wallMs)) / 1000) / ffmpegFps,
    pairedRatioRange: [Math.min(...paired), Math.max(...paired)],
    ffmpegAloneCpuMsPerFrame: ffmpegAloneCpu,
    framewiseNodeCpuMsPerFrame: nodeCpu,
    framewiseNodeCpuMsPerFrameRunning: (median(fw.map((u) => u.ownCpuMs)) - median(short.map((u) => u.ownCpuMs))) / (frames - shortFrames),
    shortRun: { frames: shortFrames, nodeCpuMs: median(short.map((u) => u.ownCpuMs)) },
    framewiseFfmpegCpuMsPerFrame: perFrame(fw, (u) => u.childrenCpuMs),
    ffmpegAlonePeakRssMB: median(alone.map((u) => u.ownPeakRssMB)),
    framewiseNodePeakRssMB: median(fw.map((u) => u.ownPeakRssMB)),
    framewiseFfmpegPeakRssMB: median(fw.map((u) => u.childPeakRssMB)),
    ratioUpperBound: Math.min(1, (CORES * (1000 / ffmpegFps)) / (ffmpegAloneCpu + nodeCpu)),
    nodeStagesCpuMsPerFrame: stages,
    nodeStartupCpuMsPerFrame: startup.cpuMs / frames,
    nodeOtherCpuMsPerFrame: nodeCpu - stageSum - startup.cpuMs / frames,
  };
}

/** Peak RSS while labelling a long lavfi stream at full speed, sampled once a second. */
async function memoryOverStream(model: Model): Promise<Record<string, number>> {
  const samples: Array<{ frames: number; rss: number }> = [];
  let frames = 0;
  const sample = (): number => samples.push({ frames, rss: process.memoryUsage().rss });
  const timer = setInterval(sample, 1000);
  const t0 = performance.now();
  await lastValueFrom(
    labelFile(`testsrc2=size=320x180:rate=25:duration=${STREAM_SECONDS}`, { model, inputArgs: ['-f', 'lavfi'] }).pipe(
      reduce((n) => (frames = n + 1), 0),
    ),
  );
  clearInterval(timer);
  // One more at the end: a stream shorter than a second's labelling would otherwise have no sample at all.
  sample();
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

const ffmpegPath = resolveFfmpeg().ffmpeg.path;
const models = [
  { name: 'delay-4', path: DEFAULT_MODEL_PATH, model: await loadModel(DEFAULT_MODEL_PATH) },
  { name: 'live', path: DEFAULT_LIVE_MODEL_PATH, model: await loadModel(DEFAULT_LIVE_MODEL_PATH) },
];
results.models = { 'delay-4': 'models/default/model.safetensors', live: 'models/default/live.safetensors' };
results.ffmpeg = `${ffmpegPath} (${resolveFfmpeg().ffmpeg.version})`;

const files: Array<{ name: string; file: string }> = [];
const real = ONLY !== 'generated' ? await realFootage(log) : null;
if (real && ONLY !== 'decoder') files.push({ name: 'real 360p', file: real.file360 }, { name: 'real 1080p', file: real.file1080 });
if (ONLY !== 'real' && ONLY !== 'decoder') {
  files.push({ name: 'testsrc2 360p', file: await generated('testsrc2-360p', '640x360', 60) });
  files.push({ name: 'testsrc2 1080p', file: await generated('testsrc2-1080p', '1920x1080', 30) });
}

requireSuccess('building dist/', await runProgram(process.execPath, [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(packageRoot, 'tsconfig.build.json')]));
await bundleCli();
// What starting the CLI costs by itself (node, module loading): part of every label run. `label --help` loads what a
// label run loads (the label command's modules) and runs nothing. A checkout's CLI also compiles the TypeScript
// through tsx as it loads.
const startupOf = async (cli: string): Promise<{ wallMs: number; cpuMs: number }> => {
  const runs: ProcessUsage[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureProcess(process.execPath, [cli, 'label', '--help']));
  return { wallMs: median(runs.map((u) => u.wallMs)), cpuMs: median(runs.map((u) => u.ownCpuMs)) };
};
const startup = await startupOf(CLI);
const checkoutStartup = await startupOf(CHECKOUT_CLI);
results.cliStartup = startup;
results.checkoutCliStartup = checkoutStartup;
log(`CLI start-up (framewise label --help): ${startup.wallMs.toFixed(0)} ms wall, ${startup.cpuMs.toFixed(0)} ms CPU compiled; ${checkoutStartup.wallMs.toFixed(0)} ms wall, ${checkoutStartup.cpuMs.toFixed(0)} ms CPU through tsx in a checkout`);

const throughputResults: Record<string, Record<string, Throughput>> = {};
const rows: string[][] = [];
const split: string[][] = [];
for (const { name, file } of files) {
  throughputResults[name] = {};
  for (const m of models) {
    const r = await throughput(file, m.path, m.model, ffmpegPath, startup);
    throughputResults[name][m.name] = r;
    log(`${name} (${basename(file)}), ${m.name}: ffmpeg ${r.ffmpegFps.toFixed(0)} fps, framewise ${r.framewiseFps.toFixed(0)} fps, ratio ${f3(r.ratio)} (${f3(r.ratioWithoutStartup)} without start-up), Node ${f3(r.framewiseNodeCpuMsPerFrame)} ms of CPU per frame (${f3(r.framewiseNodeCpuMsPerFrameRunning)} once running)`);
    rows.push([
      name, m.name, String(r.frames), r.ffmpegFps.toFixed(0), r.framewiseFps.toFixed(0), f3(r.ratio), `${f3(r.pairedRatioRange[0])}–${f3(r.pairedRatioRange[1])}`, f3(r.ratioWithoutStartup), f3(r.decodeAloneRatio),
      f3(r.ratioUpperBound), f3(r.ffmpegAloneCpuMsPerFrame), f3(r.framewiseFfmpegCpuMsPerFrame), f3(r.framewiseNodeCpuMsPerFrame), f3(r.framewiseNodeCpuMsPerFrameRunning),
      `${r.ffmpegAlonePeakRssMB.toFixed(0)}/${r.framewiseFfmpegPeakRssMB.toFixed(0)}/${r.framewiseNodePeakRssMB.toFixed(0)}`,
    ]);
    const s = r.nodeStagesCpuMsPerFrame;
    split.push([name, m.name, f3(s.decodePipe), f3(s.features), f3(s.recurrentStep), f3(s.labels), f3(s.segmentsSink), f3(r.nodeStartupCpuMsPerFrame), f3(r.nodeOtherCpuMsPerFrame), f3(r.framewiseNodeCpuMsPerFrame)]);
  }
}
results.throughput = throughputResults;

// Several files at once: which --jobs labels a folder of real clips fastest here.
const severalRows: SeveralFilesRow[] = [];
if (real && ONLY !== 'decoder' && process.env.BENCH_SEVERAL !== '0') {
  const sets = [
    { name: 'real 360p', file: real.file360, clips: 8, seconds: 15 },
    { name: 'real 1080p', file: real.file1080, clips: 4, seconds: 15 },
  ];
  severalRows.push(...(await benchSeveralFiles(sets, { cli: CLI, modelPath: DEFAULT_MODEL_PATH, runs: RUNS, cores: CORES, cacheDir: dir })));
}
results.severalFiles = { defaultJobs: DEFAULT_JOBS, rows: severalRows };

// The decoder options table, on real footage (H.264 and HEVC) and a generated file.
const decoderRows: DecoderOptionRow[] = [];
if ((real || ONLY !== 'real') && (process.env.BENCH_DECODER !== '0' || ONLY === 'decoder')) {
  const decoded: Array<{ name: string; file: string }> = [];
  if (real) {
    decoded.push({ name: 'real 360p H.264', file: real.file360 }, { name: 'real 1080p H.264', file: real.file1080 });
    decoded.push({ name: 'real 1080p HEVC', file: await hevcCopy(real.file1080, dir, 30) });
  }
  if (ONLY !== 'real') decoded.push({ name: 'testsrc2 1080p H.264', file: await generated('testsrc2-1080p', '1920x1080', 30) });
  const { width, height } = models[0].model.meta.feature;
  decoderRows.push(...(await benchDecoderOptions(decoded, { ffmpegPath, cli: CLI, modelPath: models[0].path, width, height, runs: RUNS })));
}
results.decoderOptions = decoderRows;

function table(head: string[], body: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log(line(head));
  for (const r of body) log(line(r));
}
log('');
log(`Throughput (medians of ${RUNS}, alternating ffmpeg alone / framewise label / framewise's decode alone; rounds: the lowest`);
log('and highest ratio of one round, ffmpeg alone then framewise; decode alone: the ratio of a Node process that only');
log('receives the frames; CPU in ms per frame; running: the Node CPU per frame once running, the whole run less a run');
log(`on its first ${SHORT_SECONDS} s over the frames between; RSS in MB)`);
table(
  ['file', 'model', 'frames', 'ffmpeg fps', 'framewise fps', 'ratio', 'rounds', 'w/o start-up', 'decode alone', 'bound', 'CPU ffmpeg alone', 'CPU fw ffmpeg', 'CPU fw node', 'running', 'peak RSS ff/fw-ff/fw-node'],
  rows,
);
log('');
log('Where the Node side\'s CPU goes (ms per frame; stages from in-process runs, each a difference of CPU times and as noisy;');
log('start-up = framewise label --help over the file\'s frames; other = the CLI\'s node CPU − stages − start-up: probe, GC, set-up)');
table(['file', 'model', 'decode pipe', 'features', 'recurrent step', 'labels', 'segments+sink', 'start-up', 'other', 'node total'], split);
log('');
if (severalRows.length > 0) {
  log(`Several files (framewise label FOLDER --jobs N with the delay-4 model, medians of ${RUNS}, alternating N; * the fastest;`);
  log(`the default is ${DEFAULT_JOBS} here; CPU: Node and its ffmpeg children, in s)`);
  const fastest = new Map<string, number>();
  for (const r of severalRows) if (r.wallMs < (fastest.get(r.set) ?? Infinity)) fastest.set(r.set, r.wallMs);
  table(
    ['clips', 'jobs', 'frames', 'wall s', 'fps', 'CPU s'],
    severalRows.map((r) => [
      `${r.set}: ${r.clips} clips`, `${r.jobs}${r.wallMs === fastest.get(r.set) ? ' *' : ''}`, String(r.frames), (r.wallMs / 1000).toFixed(2), r.framesPerSecond.toFixed(0), (r.totalCpuMs / 1000).toFixed(2),
    ]),
  );
  log('');
}
if (decoderRows.length > 0) {
  log(`Decoder options (medians of ${RUNS}, alternating; ffmpeg alone with the options before -i; framewise label with its default and with --fast-decode)`);
  table(
    ['file', 'options', 'ffmpeg fps', 'ffmpeg CPU ms/frame', 'framewise fps'],
    decoderRows.map((r) => [r.file, r.options, r.ffmpegFps.toFixed(0), f3(r.ffmpegCpuMsPerFrame), r.framewiseFps === null ? '' : r.framewiseFps.toFixed(0)]),
  );
  log('');
}
if (ONLY === 'decoder') {
  writeFileSync(join(packageRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.exit(0);
}

results.features = await benchFeatures();
log(`features: ${JSON.stringify(results.features)}`);
results.recurrent = await benchRecurrent();
log(`recurrent: ${JSON.stringify(results.recurrent)}`);
results.live = await benchLive();
log(`live: ${JSON.stringify(results.live)}`);
const memory = await memoryOverStream(models[0].model);
results.memory = memory;
log(`memory: ${JSON.stringify(memory)}`);
// The memory budget: labelling must stay within 200 MB and not grow with the stream's length; the CLI processes
// measured above (Node with its module loader) count too.
const cliPeakMB = Math.max(0, ...Object.values(throughputResults).flatMap((byModel) => Object.values(byModel).map((t) => t.framewiseNodePeakRssMB)));
const memoryOk = memory.rssPeakMB <= 200 && cliPeakMB <= 200 && memory.rssGrowthAfterFirstMinuteMB <= 20;
results.memoryWithinBudget = memoryOk;
log(
  `memory: peak ${memory.rssPeakMB.toFixed(0)} MB over the stream, ${cliPeakMB.toFixed(0)} MB in the CLI runs (budget 200), ` +
    `growth after the first minute ${memory.rssGrowthAfterFirstMinuteMB.toFixed(1)} MB → ${memoryOk ? 'OK' : 'OVER BUDGET'}`,
);
// BENCH_QUEUE=0 leaves out the queue figures (they need redis-server).
if (process.env.BENCH_QUEUE !== '0') results.queue = await benchQueue(log);

writeFileSync(join(packageRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
log('written bench/results.json');
if (!memoryOk) process.exitCode = 1;
