import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { lastValueFrom, takeUntil, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { labelLive } from '../pipelines/labelLive.js';
import { fileSource } from '../src/source/fileSource.js';
import { LiveStats } from '../src/live/LiveStats.js';
import { DEFAULT_LIVE_MODEL_PATH } from '../src/packageRoot.js';
import type { LabelEvent } from '../src/types.js';
import { ffmpegChildren } from './helpers/ffmpeg.js';
import { liveSenderArgs, randomModel, sleep, startFfmpeg } from './helpers/live.js';

const FRAMES = 90; // 3 s at 30 fps, paced by -re

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A pipe waits for the labeller, so every frame is labelled; a network stream cannot wait, so on a busy machine a
 * frame may be dropped, but then it is counted, and the frames labelled still rise to the last one.
 */
function expectEveryFrame(events: LabelEvent[], stats: LiveStats, labels: string[], canDrop = false): void {
  expect(stats.frames).toBe(FRAMES);
  if (canDrop) {
    expect(events.length + stats.drops).toBe(FRAMES);
    for (let i = 1; i < events.length; i++) expect(events[i].frame).toBeGreaterThan(events[i - 1].frame);
    expect(events.at(-1)!.frame).toBe(FRAMES - 1);
  } else {
    expect(stats.drops).toBe(0);
    expect(events.map((e) => e.frame)).toEqual([...Array(FRAMES).keys()]);
  }
  for (const e of events) {
    expect(labels).toContain(e.label);
    expect(e.emittedAt).toBeGreaterThanOrEqual(e.decodedAt!);
  }
  // Frames left the decoder in order (how far apart depends on the machine's load, so it is not checked).
  for (let i = 1; i < events.length; i++) expect(events[i].decodedAt!).toBeGreaterThanOrEqual(events[i - 1].decodedAt!);
}

describe('labelLive with real-time sources (30 fps, 640x360)', () => {
  const model = randomModel(2);

  it('labels every frame of a stream on stdin', async () => {
    const sender = startFfmpeg(liveSenderArgs('640x360', 30, FRAMES, ['-f', 'mpegts', 'pipe:1']));
    const stats = new LiveStats();
    const events = await lastValueFrom(labelLive({ input: sender.proc.stdout! }, { model, stats }).pipe(toArray()));
    expect(await sender.done).toBe(0);
    expectEveryFrame(events, stats, model.meta.labels);
  });

  it('labels every frame of a TCP stream', async () => {
    const port = await freePort();
    const stats = new LiveStats();
    // framewise listens; the sender connects once it is up, and its end of stream completes the run.
    const run = lastValueFrom(
      labelLive({ input: `tcp://127.0.0.1:${port}?listen=1` }, { model, stats }).pipe(toArray()),
    );
    let sender = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      await sleep(100);
      sender = startFfmpeg(liveSenderArgs('640x360', 30, FRAMES, ['-f', 'mpegts', `tcp://127.0.0.1:${port}`]));
      if ((await Promise.race([sender.done, sleep(300).then(() => 'running')])) === 'running') break;
    }
    const events = await run;
    expect(await sender!.done).toBe(0);
    expectEveryFrame(events, stats, model.meta.labels, true);
  });

  it('labels every frame of a UDP stream, then stops cleanly on unsubscribe', async () => {
    const port = await freePort();
    const stats = new LiveStats();
    const events: LabelEvent[] = [];
    let senderDone: Promise<number | null> | null = null;
    const stop = new Promise<void>((resolve) => {
      // UDP has no end of stream: stop a moment after the sender finished.
      const poll = setInterval(() => {
        if (senderDone) {
          clearInterval(poll);
          void senderDone.then(() => sleep(700)).then(resolve);
        }
      }, 50);
    });
    const run = lastValueFrom(
      labelLive({ input: `udp://127.0.0.1:${port}` }, { model, stats }).pipe(
        tap((e) => events.push(e)),
        takeUntil(stop),
        toArray(),
      ),
      { defaultValue: [] },
    );
    await sleep(700); // let ffmpeg bind the port before packets flow
    const sender = startFfmpeg(liveSenderArgs('640x360', 30, FRAMES, ['-f', 'mpegts', `udp://127.0.0.1:${port}?pkt_size=1316`]));
    senderDone = sender.done;
    await run;
    expect(await sender.done).toBe(0);
    // UDP never says "end": the decoder still holds its last few frames (frame threading), and the model's
    // delay (2) holds the labels of the last two decoded frames until more frames come.
    // A network stream cannot wait: a frame dropped on a busy machine is counted, and labelled frames still rise.
    expect(stats.frames).toBeGreaterThanOrEqual(FRAMES - 6);
    // Every frame is labelled, dropped, held by the model's delay (2) or still waiting in the queue (≤ 8) when stopped.
    expect(events.length + stats.drops).toBeLessThanOrEqual(stats.frames - 2);
    expect(events.length + stats.drops).toBeGreaterThanOrEqual(stats.frames - 2 - 8);
    for (let i = 1; i < events.length; i++) expect(events[i].frame).toBeGreaterThan(events[i - 1].frame);
    // Unsubscribing ended the decoder's ffmpeg (SIGTERM, then SIGKILL after a grace period).
    for (let i = 0; i < 30 && ffmpegChildren().length > 0; i++) await sleep(100);
    expect(ffmpegChildren()).toEqual([]);
  });

  it.runIf(existsSync(DEFAULT_LIVE_MODEL_PATH))('labels a known transition right with the shipped live model (motion → black)', async () => {
    const { loadModel } = await import('../src/recurrent/modelFile.js');
    const trained = await loadModel(DEFAULT_LIVE_MODEL_PATH);
    const graph =
      'testsrc2=size=640x360:rate=30:duration=2[a];color=black:size=640x360:rate=30:duration=1.5[b];[a][b]concat=n=2:v=1:a=0';
    const sender = startFfmpeg([
      '-re', '-f', 'lavfi', '-i', graph,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-f', 'mpegts', 'pipe:1',
    ]);
    const stats = new LiveStats();
    const events = await lastValueFrom(labelLive({ input: sender.proc.stdout! }, { model: trained, stats }).pipe(toArray()));
    expect(stats.drops).toBe(0);
    expect(events.length).toBe(105);
    const share = (from: number, to: number, label: string): number =>
      events.slice(from, to).filter((e) => e.label === label).length / (to - from);
    expect(share(5, 55, 'motion')).toBeGreaterThan(0.8);
    expect(share(70, 105, 'black')).toBeGreaterThan(0.8);
  });
});

describe('labelLive under overload', () => {
  it('drops frames by keep-newest with a slow consumer, counts them, and keeps memory bounded', async () => {
    const model = randomModel(0);
    const stats = new LiveStats();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapMax = heapBefore;
    // 600 frames as fast as ffmpeg can make them: far faster than a consumer that needs 10 ms each. Marked as a
    // source that cannot wait (like a camera), so the keep-newest queue drops.
    const graph = fileSource('testsrc2=size=640x360:rate=100:duration=6', { inputArgs: ['-f', 'lavfi'] });
    const events = await lastValueFrom(
      labelLive({ ...graph, live: true }, { model, stats, queue: 4 }).pipe(
        tap(() => {
          const end = performance.now() + 10;
          while (performance.now() < end) {
            // a deliberately slow consumer
          }
          heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
        }),
        toArray(),
      ),
    );
    expect(stats.frames).toBe(600);
    expect(stats.drops).toBeGreaterThan(100);
    expect(events.length + stats.drops).toBe(600);
    expect(stats.queue.maxDepth).toBeLessThanOrEqual(4);
    // The newest frame always gets through; indices rise (dropped ones are skipped).
    expect(events[events.length - 1].frame).toBe(599);
    for (let i = 1; i < events.length; i++) expect(events[i].frame).toBeGreaterThan(events[i - 1].frame);
    // 600 frames of 128x72 RGB are 16 MB; a bounded queue holds a handful.
    expect(heapMax - heapBefore).toBeLessThan(48 * 1024 * 1024);
  });

  it('never drops from a source that can wait (a file or a pipe): the slow consumer slows the decoder instead', async () => {
    const model = randomModel(0);
    const stats = new LiveStats();
    let slow = 0;
    const events = await lastValueFrom(
      labelLive({ input: 'testsrc2=size=320x180:rate=100:duration=2', inputArgs: ['-f', 'lavfi'] }, { model, stats, queue: 4 }).pipe(
        tap(() => {
          const end = performance.now() + 5;
          while (performance.now() < end) slow++;
        }),
        toArray(),
      ),
    );
    expect(slow).toBeGreaterThan(0);
    expect(stats.drops).toBe(0);
    expect(events.map((e) => e.frame)).toEqual([...Array(200).keys()]);
  });
});
