/**
 * The shipped models label the demo video exactly as when they were trained: each expectation was made by the
 * shipped model the day it was trained (models/default/README.md); per frame the live model wavers between a wipe and
 * a dissolve through the demo's wipe. Labels must be equal frame for frame; the sum of
 * the winning scores may differ only in the last bits of float arithmetic.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generateDemo.js';
import { labelFile } from '../pipelines/labelFile.js';
import { labelLive } from '../pipelines/labelLive.js';
import { packageRoot } from '../src/packageRoot.js';
import { loadModel } from '../src/recurrent/modelFile.js';
import { fileSource } from '../src/source/fileSource.js';
import type { LabelEvent } from '../src/types.js';
import { tempDir } from './helpers/ffmpeg.js';

const EXPECTED = {
  model: {
    runs: 'still:40 cut:1 motion:34 fade_out:12 black:10 fade_in:12 motion:30 dissolve:16 motion:8 freeze:12 motion:7 wipe:18 motion:29 cut:1 still:20',
    scoreSum: 243.34,
  },
  live: {
    runs: 'motion:1 still:39 cut:1 motion:34 fade_out:12 black:10 fade_in:12 motion:30 dissolve:16 motion:8 freeze:12 motion:10 dissolve:2 wipe:1 dissolve:1 wipe:2 dissolve:9 motion:29 cut:1 still:20',
    scoreSum: 239.6399,
  },
} as const;

let dir: string;
let video: string;

beforeAll(async () => {
  dir = tempDir('unchanged');
  video = (await generateDemo(join(dir, 'demo'))).video;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runsOf(events: LabelEvent[]): string {
  const runs: Array<[string, number]> = [];
  for (const e of events) {
    const last = runs.at(-1);
    if (last && last[0] === e.label) last[1]++;
    else runs.push([e.label, 1]);
  }
  return runs.map(([l, n]) => `${l}:${n}`).join(' ');
}

async function check(events$: Observable<LabelEvent>, expected: (typeof EXPECTED)[keyof typeof EXPECTED]): Promise<void> {
  const events = await lastValueFrom(events$.pipe(toArray()));
  expect(events).toHaveLength(250);
  expect(runsOf(events)).toBe(expected.runs);
  expect(events.reduce((a, e) => a + e.score, 0)).toBeCloseTo(expected.scoreSum, 3);
}

describe('the shipped models label the demo video as before', () => {
  for (const name of ['model', 'live'] as const) {
    it(`${name}: a file (four frames at a time) and a live source (one at a time) give the stored labels`, async () => {
      const model = await loadModel(join(packageRoot, 'models', 'default', `${name}.safetensors`));
      await check(labelFile(video, { model }), EXPECTED[name]);
      // A source that cannot wait goes one frame at a time; a queue long enough that nothing is dropped.
      await check(labelLive({ ...fileSource(video), live: true }, { model, queue: 1000 }), EXPECTED[name]);
    });
  }
});
