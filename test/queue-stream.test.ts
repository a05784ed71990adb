/**
 * `framewise live --publish redis://…/STREAM` and readLabelEvents against a real redis-server: every event arrives in
 * order, a reader resumes after an id, closed segments are published with -f segments, and a Redis outage neither
 * stops labelling nor goes unnoticed (the sink counts and reconnects).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelEvents, type LabelStreamEntry } from '../src/queue/readLabelEvents.js';
import { redisStreamSink } from '../src/sinks/redisStreamSink.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { freePort, startRedis, type TestRedis } from './helpers/redis.js';

let redis: TestRedis;
let dir: string;
let clip: string;
const FRAMES = 50; // 2 s at 25 fps

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir('queue-stream');
  clip = makeVideo(path.join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2']);
});

afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(stream: string, from: string, n: number, url = redis.url): Promise<LabelStreamEntry[]> {
  const out: LabelStreamEntry[] = [];
  if (n === 0) return out;
  for await (const entry of readLabelEvents(url, stream, { from })) {
    out.push(entry);
    if (out.length === n) break;
  }
  return out;
}

describe('live events on a Redis stream', () => {
  it('publishes every event in frame order; a reader resumes after any id', async () => {
    const res = await runCli(['live', '-i', clip, '-f', 'jsonl', '--publish', `${redis.url}/cam1`, '--publish-maxlen', '1000'], { timeoutMs: 50_000 });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number; label: string; score: number });
    expect(lines).toHaveLength(FRAMES);
    expect(res.stderr).toContain(`${FRAMES} entries published`);
    expect(res.stderr).toContain('0 unpublished');

    const entries = await collect('cam1', '0', FRAMES);
    expect(entries.map((e) => (e.kind === 'event' ? e.event.frame : -1))).toEqual(lines.map((l) => l.frame));
    expect(entries.map((e) => (e.kind === 'event' ? [e.event.label, e.event.score] : null))).toEqual(lines.map((l) => [l.label, l.score]));
    const ev = entries[0].kind === 'event' ? entries[0].event : null;
    expect(ev?.decoded_at).toBeGreaterThan(1.6e12); // epoch ms, not a process-relative clock

    // A consumer that stopped after entry 20 starts again from its id: the rest, no gap, no repeat.
    const resumed = await collect('cam1', entries[19].id, FRAMES - 20);
    expect(resumed.map((e) => e.id)).toEqual(entries.slice(20).map((e) => e.id));
  });

  it('a follower (Observable, from now on) sees the next run live, with its closed segments under -f segments', async () => {
    const follower = lastValueFrom(readLabelEvents(redis.url, 'cam2').pipe(take(FRAMES), toArray()));
    await new Promise((r) => setTimeout(r, 300)); // let the follower pin "now" before anything is published
    const res = await runCli(['live', '-i', clip, '-f', 'segments', '--publish', `${redis.url}/cam2`], { timeoutMs: 50_000 });
    expect(res.code).toBe(0);
    const segmentLines = res.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { label: string; start: number; end: number });
    expect(segmentLines.length).toBeGreaterThan(0);
    const seen = await follower;
    expect(seen.filter((e) => e.kind === 'event').map((e) => (e.kind === 'event' ? e.event.frame : -1))).toEqual([...Array(FRAMES).keys()]);
    const all = await collect('cam2', '0', FRAMES + segmentLines.length);
    const segments = all.filter((e) => e.kind === 'segment').map((e) => (e.kind === 'segment' ? { label: e.segment.label, start: e.segment.start, end: e.segment.end } : null));
    expect(segments).toEqual(segmentLines.map((s) => ({ label: s.label, start: s.start, end: s.end })));
  });

  it('a Redis that is not there does not stop labelling: every event is counted as unpublished', async () => {
    const port = await freePort();
    const res = await runCli(['live', '-i', clip, '--publish', `redis://127.0.0.1:${port}/cam3`], { timeoutMs: 50_000 });
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(FRAMES);
    expect(res.stderr).toContain(`0 entries published to redis://127.0.0.1:${port}/cam3, ${FRAMES} unpublished`);
  });

  it('the sink reconnects when Redis comes back, and publishes again', async () => {
    const port = await freePort();
    const sink = redisStreamSink(`redis://127.0.0.1:${port}`, 'cam4', { maxLen: 100, connectTimeoutMs: 200 });
    await sink.ready();
    const event = (frame: number) => ({ frame, time: frame / 25, label: 'still', score: 1, scores: { still: 1 } });
    sink.write(event(0));
    expect(sink.counts()).toEqual({ published: 0, unpublished: 1 });
    const late = await startRedis(port);
    try {
      let frame = 1;
      // Keep labelling (writing) as a live run would, until the background reconnection lets an event through.
      const through = await waitFor(() => {
        sink.write(event(frame++));
        return sink.counts().published > 0;
      }, 30_000);
      expect(through).toBe(true);
      await sink.close();
      const { published, unpublished } = sink.counts();
      expect(published + unpublished).toBe(frame);
      const entries = await collect('cam4', '0', published, late.url);
      const frames = entries.map((e) => (e.kind === 'event' ? e.event.frame : -1));
      expect(frames).toHaveLength(published);
      expect(frames.every((f, i) => f > 0 && (i === 0 || f > frames[i - 1]))).toBe(true); // frame 0 was lost, the rest in order
    } finally {
      await late.stop();
    }
  });
});
