import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, labelVideo } from '../src/index.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let video: string;
const model = randomModel(2);

beforeAll(() => {
  dir = tempDir('fw-abort');
  video = join(dir, 'clip.mp4');
  makeVideo(video, ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=20']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('abort: nothing is emitted after the signal fires', () => {
  it('labelVideo: the error comes at once, no event after it', async () => {
    const controller = new AbortController();
    let afterAbort = 0;
    let total = 0;
    const err = await new Promise<unknown>((resolve) => {
      labelVideo(video, { model, signal: controller.signal }).subscribe({
        next: () => {
          total++;
          if (controller.signal.aborted) afterAbort++;
          // Abort from outside the stream (a timer), as a user's code would.
          if (total === 10) setTimeout(() => controller.abort(), 0);
        },
        error: resolve,
        complete: () => resolve(null),
      });
    });
    expect(err).toMatchObject({ code: 'E_ABORTED' });
    expect(afterAbort).toBe(0);
    expect(total).toBeLessThan(500);
  });

  it('events(): a consumer slower than labelling gets no buffered event after the abort', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    let failure: unknown = null;
    try {
      for await (const ev of events(video, { model, signal: controller.signal })) {
        seen.push(ev.frame);
        if (seen.length === 5) {
          await new Promise((r) => setTimeout(r, 300)); // let labelling run ahead and fill the buffer
          controller.abort();
        }
      }
    } catch (err) {
      failure = err;
    }
    expect(failure).toMatchObject({ code: 'E_ABORTED' });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});
