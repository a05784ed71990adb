/** Inputs at the edges that are not errors (VFR, 1x1, single frame: see decode-frames.test.ts). */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { labelVideo } from '../src/index.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

const model = randomModel();

describe('edge-case inputs', () => {
  it('labels a very large frame size (8K): ffmpeg scales before the pipe, so memory stays small', async () => {
    const file = join(tempDir('fw-8k'), 'big.mp4');
    makeVideo(file, ['-f', 'lavfi', '-i', 'testsrc2=size=7680x4320:rate=25:duration=0.12'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
    const events = await lastValueFrom(labelVideo(file, { model }).pipe(toArray()));
    expect(events.map((e) => e.frame)).toEqual([0, 1, 2]);
  });
});
