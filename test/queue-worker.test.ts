/**
 * `framewise queue add` and two real `framewise worker` processes on a real redis-server: ten videos, four of them
 * bad (missing by the time a worker gets there, not a video, empty, truncated). Every good one is labelled exactly
 * once by one of the workers, with its outputs complete in --out-dir; every bad one fails on its first attempt with
 * its one-line reason; SIGTERM stops both cleanly; status, results, retry-failed and clean report what happened.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletedJob } from '../src/queue/LabelQueue.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { logged, queueStatus, startWorkerCli, waitForStatus, type TestWorker } from './helpers/queue.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
let dir: string;
let outDir: string;
const good: string[] = [];
const bad: Record<string, string> = {};
const workers: TestWorker[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir('queue-worker');
  outDir = path.join(dir, 'out');
  const videos = path.join(dir, 'videos');
  mkdirSync(videos);
  // Six different videos (different patterns and lengths, so different contents).
  const patterns = ['testsrc2', 'testsrc', 'smptebars', 'rgbtestsrc', 'smptehdbars', 'yuvtestsrc'];
  patterns.forEach((p, i) => good.push(makeVideo(path.join(videos, `${p}.mp4`), ['-f', 'lavfi', '-i', `${p}=size=160x90:rate=25:duration=${1 + (i % 3) * 0.4}`])));
  bad.missing = path.join(videos, 'gone.mp4');
  writeFileSync(bad.missing, 'this one is removed after it is queued');
  bad.text = path.join(videos, 'notes.mp4');
  writeFileSync(bad.text, 'not a video at all\n');
  bad.empty = path.join(videos, 'empty.mp4');
  writeFileSync(bad.empty, '');
  bad.truncated = path.join(videos, 'truncated.mp4');
  const whole = readFileSync(good[1]);
  writeFileSync(bad.truncated, whole.subarray(0, Math.floor(whole.length / 2)));
});

afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a label queue on Redis with two worker processes', () => {
  it('adds one job per video, and a video already queued (even as a copy) is not added again', async () => {
    const add = (inputs: string[]) => runCli(['queue', 'add', ...inputs, '--redis', redis.url, '--out-dir', outDir, '-f', 'segments,vtt']);
    const first = await add([path.join(dir, 'videos')]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('10 added, 0 already queued\n');
    const copy = path.join(dir, 'copy-of-testsrc2.mp4');
    copyFileSync(good[0], copy);
    const again = await add([good[0], copy, bad.text]);
    expect(again.stdout).toBe('0 added, 3 already queued\n');
    rmSync(copy);
    rmSync(bad.missing); // gone by the time a worker takes its job
    const s = await queueStatus(redis.url);
    expect([s.waiting, s.active, s.completed, s.failed]).toEqual([10, 0, 0, 0]);
  });

  it('labels every good video exactly once and fails every bad one once, without retry, with its reason', async () => {
    for (let i = 0; i < 2; i++) workers.push(startWorkerCli(redis.url));
    const s = await waitForStatus(redis.url, (st) => st.completed + st.failed === 10 && st.active === 0, 50_000);
    expect(s.completed).toBe(6);
    expect(s.failed).toBe(4);

    // Exactly once: across both workers' logs, each job was started once, and each good one completed once.
    const logs = workers.map((w) => w.log());
    const started = logged('started', logs);
    expect(new Set(started).size).toBe(10);
    expect(started).toHaveLength(10);
    expect(logged('completed', logs)).toHaveLength(6);

    const failed = new Map(s.failedJobs.map((f) => [f.input, f]));
    expect([...failed.keys()].sort()).toEqual(Object.values(bad).sort());
    for (const [input, f] of failed) {
      expect(f.attempts).toBe(1);
      expect(f.reason).not.toContain('\n');
      expect(f.reason).toContain(path.basename(input));
    }
    expect(logged('failed', logs)).toHaveLength(4);
    expect(logs.join('')).not.toContain('will retry');
  });

  it('queue results lists every completed job with its complete outputs; nothing partial is left in --out-dir', async () => {
    const resultsFile = path.join(dir, 'results.jsonl');
    const res = await runCli(['queue', 'results', '--redis', redis.url, '--out', resultsFile]);
    expect(res.code).toBe(0);
    const results = readFileSync(resultsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CompletedJob);
    expect(results.map((r) => r.input).sort()).toEqual([...good].sort());
    for (const r of results) {
      expect(r.frames).toBeGreaterThan(0);
      expect(r.fps).toBe(25);
      expect(r.outputs).toHaveLength(2);
      const doc = JSON.parse(readFileSync(r.outputs.find((o) => o.endsWith('.segments.json'))!, 'utf8')) as { frames: number; complete?: boolean; segments: { label: string }[] };
      expect(doc.complete).toBeUndefined();
      expect(doc.frames).toBe(r.frames);
      expect(Object.values(r.segments).reduce((a, b) => a + b, 0)).toBe(doc.segments.length);
      expect(readFileSync(r.outputs.find((o) => o.endsWith('.vtt'))!, 'utf8')).toMatch(/^WEBVTT/);
    }
    expect(readdirSync(outDir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readdirSync(outDir)).toHaveLength(12);
  });

  it('SIGTERM stops idle workers cleanly (exit 0, with a summary)', async () => {
    for (const w of workers) w.proc.kill('SIGTERM');
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    for (const w of workers) expect(w.log()).toMatch(/stopped; \d+ completed, \d+ failed\n$/);
  });

  it('retry-failed puts the failed jobs back; clean removes the finished ones', async () => {
    expect((await runCli(['queue', 'retry-failed', '--redis', redis.url])).stdout).toBe('4 failed jobs back in the queue\n');
    let s = await queueStatus(redis.url);
    expect([s.waiting, s.completed, s.failed]).toEqual([4, 6, 0]);
    expect((await runCli(['queue', 'clean', '--redis', redis.url])).stdout).toBe('removed 6 completed and 0 failed jobs\n');
    s = await queueStatus(redis.url);
    expect([s.waiting, s.completed, s.failed]).toEqual([4, 0, 0]);
    expect(existsSync(path.join(outDir))).toBe(true); // outputs are the user's: clean leaves them
  });

  it('an unreachable Redis is one line, exit 1', async () => {
    const res = await runCli(['queue', 'status', '--redis', 'redis://127.0.0.1:1']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^framewise: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });
});
