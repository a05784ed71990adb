import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastValueFrom, take, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, events, FlowControl, jsonlStream, labelSegments, labelVideo } from '../src/index.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

const model = randomModel();
let dir: string;
let video: string;
/** An endless lavfi source, recognisable in the process list by its size. */
const ENDLESS = 'testsrc2=size=322x182:rate=25';

beforeAll(() => {
  dir = tempDir('fw-api');
  video = join(dir, 'clip.mp4');
  makeVideo(video, ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2']);
});

describe('labelVideo / labelSegments', () => {
  it('labels every frame of a file', async () => {
    const evs = await lastValueFrom(labelVideo(video, { model }).pipe(toArray()));
    expect(evs.map((e) => e.frame)).toEqual([...Array(50).keys()]);
  });

  it('emits segments that tile the video', async () => {
    const segs = await lastValueFrom(labelSegments(video, { model }).pipe(toArray()));
    expect(segs[0].start).toBe(0);
    expect(segs.at(-1)!.end).toBe(49);
    segs.slice(1).forEach((s, i) => expect(s.start).toBe(segs[i].end + 1));
  });

  it('propagates a typed error for a missing file', async () => {
    await expect(lastValueFrom(labelVideo(join(dir, 'missing.mp4'), { model }))).rejects.toMatchObject({ code: 'E_INPUT_MISSING', name: 'InputError' });
  });

  it('stops ffmpeg when unsubscribed early', async () => {
    const evs = await lastValueFrom(labelVideo(ENDLESS, { model, inputArgs: ['-f', 'lavfi'] }).pipe(take(5), toArray()));
    expect(evs).toHaveLength(5);
    expect(await waitFor(() => processesMentioning('322x182').length === 0)).toBe(true);
  });
});

describe('events() async iterator', () => {
  it('yields every frame in order to a slow consumer', async () => {
    const seen: number[] = [];
    for await (const ev of events(video, { model, highWaterMark: 4 })) {
      seen.push(ev.frame);
      if (ev.frame % 10 === 0) await sleep(20);
    }
    expect(seen).toEqual([...Array(50).keys()]);
  });

  it('delivers the last frames when ffmpeg exits while the consumer is paused', async () => {
    const seen: number[] = [];
    for await (const ev of events(video, { model, highWaterMark: 1 })) {
      seen.push(ev.frame);
      // Slow down at the end: ffmpeg writes its last frames into the pipe and exits while we are paused.
      if (ev.frame >= 40) await sleep(30);
    }
    expect(seen).toEqual([...Array(50).keys()]);
  });

  it('stops ffmpeg when the loop breaks', async () => {
    let n = 0;
    for await (const _ev of events(ENDLESS, { model, inputArgs: ['-f', 'lavfi'] })) {
      if (++n === 10) break;
    }
    expect(n).toBe(10);
    expect(await waitFor(() => processesMentioning('322x182').length === 0)).toBe(true);
  });

  it('throws E_ABORTED on abort and stops ffmpeg', async () => {
    const ctl = new AbortController();
    const run = async (): Promise<number> => {
      let n = 0;
      for await (const _ev of events(ENDLESS, { model, inputArgs: ['-f', 'lavfi'], signal: ctl.signal })) {
        if (++n === 3) ctl.abort();
      }
      return n;
    };
    await expect(run()).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(await waitFor(() => processesMentioning('322x182').length === 0)).toBe(true);
  });

  it('jsonlStream gives one JSON line per frame', async () => {
    let text = '';
    for await (const chunk of jsonlStream(video, { model })) text += chunk;
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(50);
    expect(lines[7]).toMatchObject({ frame: 7, time: 0.28 });
  });
});

describe('FlowControl', () => {
  it('pausing stops decoding: ffmpeg blocks instead of frames piling up', async () => {
    const flow = new FlowControl();
    let received = 0;
    const sub = decodeFrames(ENDLESS, { width: 128, height: 72, inputArgs: ['-f', 'lavfi'], flow }).subscribe(() => {
      if (++received === 10) flow.pause();
    });
    await waitFor(() => received >= 10, 10000);
    await sleep(800);
    const whilePaused = received;
    // Frames already in the pipe and stream buffers and their pending timestamps still come through (31 once with
    // the whole suite running on two cores); an unpaused decoder makes hundreds in this time (709 measured).
    expect(whilePaused).toBeLessThan(10 + 60);
    flow.resume();
    await waitFor(() => received > whilePaused + 50, 10000);
    expect(received).toBeGreaterThan(whilePaused + 50);
    sub.unsubscribe();
    expect(await waitFor(() => processesMentioning('322x182').length === 0)).toBe(true);
  });
});
