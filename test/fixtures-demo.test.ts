import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth } from '../src/dataset/truthFile.js';
import { DEFAULT_LABELS } from '../src/labels/defaultLabels.js';
import type { TruthFile } from '../src/types.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { generateDemo } from '../fixtures/generateDemo.js';

describe('generateDemo', () => {
  let dir: string;
  let out: { video: string; truth: string };
  let truth: TruthFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-demo-'));
    out = await generateDemo(dir);
    truth = await loadTruth(out.truth);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a 10 s 640x360 25 fps video with every label of the default set', () => {
    const r = spawnSync(resolveFfmpeg().ffprobe.path, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height,r_frame_rate,codec_name', '-of', 'csv=p=0', out.video], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('h264,640,360,25/1,250');
    expect(truth.frames).toBe(250);
    expect(truth.fps).toBe(25);
    expect(new Set(truth.segments.map((s) => s.label))).toEqual(new Set(DEFAULT_LABELS));
  });

  it('is cached: a second call reuses the files', async () => {
    const before = (await stat(out.video)).mtimeMs;
    expect(await generateDemo(dir)).toEqual(out);
    expect((await stat(out.video)).mtimeMs).toBe(before);
  });
});
