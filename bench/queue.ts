/**
 * The label queue's throughput on this machine: jobs/min and frames/s for 1 and 2 `framewise worker` processes
 * against `framewise label` run on the same files one after another, and the queue's overhead per job on short clips
 * (wall time per job through the queue minus the labelling time the job itself measured).
 *
 *   npx tsx bench/queue.ts          standalone (also part of `npm run bench`)
 *   BENCH_QUEUE_CLIPS=8             clips per throughput figure (10 s, 320×180, 30 fps)
 *   BENCH_QUEUE_SHORT=20            short clips (0.5 s) for the overhead figure
 *
 * Starts its own redis-server on a free port (Debian: apt-get install redis-server) and the workers as real
 * processes, so it starts processes itself, like the tests (the one bench file allowed to).
 */
import { spawnFfmpeg, type FfmpegProcess } from '../src/ffmpeg/ffmpegProcess.js';
import { requireSuccess, runProgram } from './runProgram.js';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enqueueVideos } from '../pipelines/enqueueVideos.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { packageRoot } from '../src/packageRoot.js';
import { LabelQueue } from '../src/queue/LabelQueue.js';

const CLI = join(packageRoot, 'bin', 'framewise.js');
const dir = join(packageRoot, '.cache', 'bench', 'queue');

export interface QueueBench {
  clips: number;
  framesPerClip: number;
  sequentialLabel: { jobsPerMinute: number; framesPerSecond: number };
  workers: { processes: number; jobsPerMinute: number; framesPerSecond: number }[];
  shortClips: number;
  overheadMsPerJob: number;
}

async function clip(name: string, seconds: number, seed: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mp4`);
  if (!existsSync(file)) {
    // One frame more per clip, so every clip has its own content (and its own job id: equal clips are one job).
    const { exit, stderrTail } = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
      `testsrc2=size=320x180:rate=30:duration=${seconds + seed / 30}`, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', file]);
    if (exit.code !== 0) throw new Error(`ffmpeg could not make ${file}: ${stderrTail.join('\n')}`);
  }
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function run(args: string[]): Promise<void> {
  requireSuccess(`framewise ${args.join(' ')}`, await runProgram(process.execPath, [CLI, ...args]));
}

/** Starts `binary args` through the process owner and resolves once a stdout or stderr line matches `ready`. */
function startUntil(binary: string, args: string[], ready: RegExp, what: string): Promise<FfmpegProcess> {
  return new Promise((resolve, reject) => {
    const p = spawnFfmpeg('ffmpeg', args, { stdout: 'pipe', onStderrLine: (line) => ready.test(line) && resolve(p) }, binary);
    let out = '';
    p.stdout?.on('data', (d: Buffer) => ((out += d.toString()), ready.test(out) && resolve(p)));
    void p.exited.then((exit) => reject(new Error(`${what} ended before it was ready${exit.spawnError ? `: ${exit.spawnError.message}` : ''}`)));
  });
}

async function startRedis(): Promise<{ url: string; proc: FfmpegProcess }> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const proc = await startUntil('redis-server', args, /Ready to accept/, 'redis-server (apt-get install redis-server)');
  return { url: `redis://127.0.0.1:${port}`, proc };
}

function startWorkers(redis: string, queue: string, n: number): Promise<FfmpegProcess[]> {
  const args = [CLI, 'worker', '--redis', redis, '--queue', queue];
  return Promise.all(Array.from({ length: n }, () => startUntil(process.execPath, args, /waiting for jobs/, 'a worker')));
}

async function stopWorkers(workers: FfmpegProcess[]): Promise<void> {
  for (const w of workers) w.terminate();
  await Promise.all(workers.map((w) => w.exited));
}

/** Seconds from enqueueing `files` until the queue has completed them all, with `n` workers already waiting. */
async function throughQueue(redis: string, files: string[], n: number, tag: string): Promise<{ seconds: number; labelSeconds: number; frames: number }> {
  const queue = `bench-${tag}-${Date.now()}`;
  const outDir = join(dir, 'out', queue);
  const workers = await startWorkers(redis, queue, n);
  const q = await LabelQueue.open(redis, queue);
  try {
    const t0 = performance.now();
    const { added } = await enqueueVideos(files, { redis, queue, outDir, formats: ['segments'] });
    if (added.length !== files.length) throw new Error(`${files.length - added.length} clips were duplicates`);
    for (;;) {
      const s = await q.status();
      if (s.failed > 0) throw new Error(`a bench job failed: ${s.failedJobs[0].reason}`);
      if (s.completed === files.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const results = await q.results();
    return { seconds, labelSeconds: results.reduce((s, r) => s + r.seconds, 0), frames: results.reduce((s, r) => s + r.frames, 0) };
  } finally {
    await q.close();
    await stopWorkers(workers);
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function benchQueue(log: (line: string) => void = console.log): Promise<QueueBench> {
  const n = Number(process.env.BENCH_QUEUE_CLIPS ?? 8);
  const nShort = Number(process.env.BENCH_QUEUE_SHORT ?? 20);
  const files: string[] = [];
  for (let i = 0; i < n; i++) files.push(await clip(`long-${i}`, 10, i));
  const short: string[] = [];
  for (let i = 0; i < nShort; i++) short.push(await clip(`short-${i}`, 0.5, i));
  const redis = await startRedis();
  try {
    const seqOut = join(dir, 'out', 'sequential');
    mkdirSync(seqOut, { recursive: true });
    const t0 = performance.now();
    for (const [i, f] of files.entries()) await run(['label', f, '-o', join(seqOut, `${i}.segments.json`), '--no-progress']);
    const seqSeconds = (performance.now() - t0) / 1000;
    rmSync(seqOut, { recursive: true, force: true });

    const workers: QueueBench['workers'] = [];
    let frames = 0;
    for (const processes of [1, 2]) {
      const r = await throughQueue(redis.url, files, processes, `w${processes}`);
      frames = r.frames;
      workers.push({ processes, jobsPerMinute: (files.length / r.seconds) * 60, framesPerSecond: r.frames / r.seconds });
    }
    const sequentialLabel = { jobsPerMinute: (files.length / seqSeconds) * 60, framesPerSecond: frames / seqSeconds };
    const s = await throughQueue(redis.url, short, 1, 'short');
    const overheadMsPerJob = ((s.seconds - s.labelSeconds) / short.length) * 1000;
    const result: QueueBench = { clips: n, framesPerClip: frames / n, sequentialLabel, workers, shortClips: nShort, overheadMsPerJob };
    log(`queue: ${n} clips of ${frames / n} frames; framewise label one after another ${sequentialLabel.jobsPerMinute.toFixed(1)} jobs/min, ${sequentialLabel.framesPerSecond.toFixed(0)} frames/s`);
    for (const w of workers) log(`queue: ${w.processes} worker process${w.processes > 1 ? 'es' : ''} ${w.jobsPerMinute.toFixed(1)} jobs/min, ${w.framesPerSecond.toFixed(0)} frames/s`);
    log(`queue: overhead per job on ${nShort} clips of 0.5 s (one worker): ${overheadMsPerJob.toFixed(0)} ms`);
    return result;
  } finally {
    redis.proc.terminate();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await benchQueue();
