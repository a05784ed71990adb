/**
 * Workers that stop mid-job, on a real redis-server. SIGKILL: the job's lock expires and another worker takes it up
 * again and completes it (stalled-job recovery, with --lock-duration and --stalled-interval set short here), and the
 * killed worker's ffmpeg does not survive it. SIGTERM: the running job is finished first, then the worker exits 0.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletedJob } from '../src/queue/LabelQueue.js';
import { runCli } from './helpers/cli.js';
import { isAlive, makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { logged, startWorkerCli, waitForStatus, type TestWorker } from './helpers/queue.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
let dir: string;
let outDir: string;
let long: string;
const workers: TestWorker[] = [];
// Short lock and stall check, so a dead worker's job is taken up again within seconds instead of a minute.
const FAST_RECOVERY = ['--lock-duration', '2000', '--stalled-interval', '1000'];

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir('queue-stalled');
  outDir = path.join(dir, 'out');
  long = makeVideo(path.join(dir, 'long.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=120'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
});

afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The pid of an ffmpeg whose parent is `pid` (Linux /proc), once there is one. */
async function ffmpegChildOf(pid: number): Promise<number> {
  let child = 0;
  const found = await waitFor(() => {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(ppid) === pid && state !== 'Z' && /\(ffmpeg\)/.test(stat)) child = Number(name);
      } catch {
        // gone meanwhile
      }
    }
    return child !== 0;
  }, 40_000);
  if (!found) throw new Error(`no ffmpeg under ${pid}`);
  return child;
}

describe('workers that stop mid-job', () => {
  it('SIGKILL: the job is taken up again by another worker and completes; the killed worker leaves no ffmpeg', async () => {
    const add = await runCli(['queue', 'add', long, '--redis', redis.url, '--out-dir', outDir, '-f', 'segments']);
    expect(add.stdout).toBe('1 added, 0 already queued\n');
    const doomed = startWorkerCli(redis.url, FAST_RECOVERY);
    workers.push(doomed);
    const decoder = await ffmpegChildOf(doomed.proc.pid!); // the job is running: its video is being decoded
    doomed.proc.kill('SIGKILL');
    await doomed.exited;
    expect(await waitFor(() => !isAlive(decoder), 20_000)).toBe(true);

    const rescuer = startWorkerCli(redis.url, FAST_RECOVERY);
    workers.push(rescuer);
    const s = await waitForStatus(redis.url, (st) => st.completed === 1, 50_000);
    expect(s.failed).toBe(0);
    const [id] = logged('started', [doomed.log()]);
    expect(logged('completed', [rescuer.log()])).toEqual([id]);
    const [result] = JSON.parse(`[${(await runCli(['queue', 'results', '--redis', redis.url])).stdout.trim()}]`) as CompletedJob[];
    expect(result.worker).toMatch(new RegExp(`:${rescuer.proc.pid}$`));
    expect(result.frames).toBe(3000);
    // The killed worker's partial output is a hidden file; the rescuer's complete output is in place.
    expect(readdirSync(outDir).filter((f) => !f.startsWith('.'))).toEqual([path.basename(result.outputs[0])]);
    rescuer.proc.kill('SIGTERM');
    expect((await rescuer.exited).code).toBe(0);
  }, 120_000);

  it('SIGTERM mid-job: the running job finishes, then the worker exits 0', async () => {
    const add = await runCli(['queue', 'add', long, '--redis', redis.url, '--out-dir', outDir, '-f', 'jsonl']);
    expect(add.stdout).toBe('1 added, 0 already queued\n');
    const worker = startWorkerCli(redis.url);
    workers.push(worker);
    await ffmpegChildOf(worker.proc.pid!);
    worker.proc.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(worker.log()).toContain('stopping: finishing the running jobs');
    const [id] = logged('started', [worker.log()]);
    expect(logged('completed', [worker.log()])).toEqual([id]);
    const s = await waitForStatus(redis.url, () => true, 1000);
    expect([s.completed, s.failed, s.active, s.waiting]).toEqual([2, 0, 0, 0]);
    const jsonl = readdirSync(outDir).find((f) => f.endsWith('.jsonl'))!;
    expect(readFileSync(path.join(outDir, jsonl), 'utf8').trim().split('\n')).toHaveLength(3000);
  }, 120_000);
});
