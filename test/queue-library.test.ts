/**
 * The queue from code, as the README shows it: enqueueVideos() and startWorker() of the library on a real
 * redis-server. A worker started without `concurrency` runs as many jobs at once as `framewise worker` does by
 * default, and labels what was queued into complete outputs.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOBS } from '../pipelines/defaultJobs.js';
import { enqueueVideos } from '../pipelines/enqueueVideos.js';
import { startWorker } from '../pipelines/startWorker.js';
import type { QueueWorker, WorkerJobEvent } from '../src/queue/queueWorker.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModelFile } from './helpers/randomModel.js';
import { startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
let dir: string;
let worker: QueueWorker | undefined;

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir('queue-library');
});

afterAll(async () => {
  await worker?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('enqueueVideos and startWorker', () => {
  it('label queued videos into complete outputs, the worker running one job per core (at most four) unless told', async () => {
    const model = await randomModelFile(dir);
    const videos = ['testsrc2', 'smptebars', 'rgbtestsrc'].map((p) => makeVideo(path.join(dir, `${p}.mp4`), ['-f', 'lavfi', '-i', `${p}=size=160x90:rate=25:duration=1`]));
    const outDir = path.join(dir, 'labels');
    const events: WorkerJobEvent[] = [];
    const ended = new Set<string>();
    let allEnded = (): void => undefined;
    const finished = new Promise<void>((resolve) => (allEnded = resolve));
    worker = await startWorker({
      redis: redis.url,
      onJob: (e) => {
        events.push(e);
        if (e.type !== 'active') ended.add(e.id);
        if (ended.size === videos.length) allEnded();
      },
    });
    expect(worker.concurrency).toBe(DEFAULT_JOBS);
    const { added } = await enqueueVideos(videos, { redis: redis.url, outDir, model, formats: ['segments'] });
    expect(added).toHaveLength(3);
    await finished;
    expect(events.filter((e) => e.type === 'failed')).toEqual([]);
    expect(worker.counts()).toEqual({ completed: 3, failed: 0 });
    // One segments document per video, complete (no `complete: false`), nothing partial beside them.
    const docs = readdirSync(outDir).map((f) => JSON.parse(readFileSync(path.join(outDir, f), 'utf8')) as { source: string; frames: number; complete?: boolean });
    expect(docs.map((d) => path.resolve(d.source)).sort()).toEqual([...videos].sort());
    for (const d of docs) expect(d).toMatchObject({ frames: 25 });
    expect(docs.every((d) => d.complete === undefined)).toBe(true);
  });
});
