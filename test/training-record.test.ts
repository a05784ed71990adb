import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { madeBefore, recordTraining, truthHash } from '../models/default/trainingRecord.js';

describe('the recipe keeps a model the same training made before', () => {
  let data: string;
  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'fw-record-'));
    for (const dir of ['train', 'val']) {
      await mkdir(join(data, dir));
      for (const n of ['a', 'b']) await writeFile(join(data, dir, `${dir}-${n}.labels.json`), `{"${dir}":"${n}"}`);
      await writeFile(join(data, dir, `${dir}-a.mp4`), 'video bytes do not count');
    }
    await mkdir(join(data, 'models'));
    await writeFile(join(data, 'models', 'm.safetensors'), 'weights');
  });
  afterEach(async () => {
    await rm(data, { recursive: true, force: true });
  });

  it('only while the arguments, the truth files and the model file are all the same', async () => {
    const out = join(data, 'models', 'm.safetensors');
    const record = join(data, 'models', 'm.safetensors.run.json');
    const inputs = async (args: string[]): Promise<string> => JSON.stringify({ args, videos: await truthHash(data, ['train', 'val']) });
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(false);
    await recordTraining(record, await inputs(['--seed', '1']), out);
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(true);
    expect(await madeBefore(record, await inputs(['--seed', '2']), out)).toBe(false);
    // A video file changing without its truth is the same data to the recipe (videos are made from their plan).
    await writeFile(join(data, 'train', 'train-a.mp4'), 'other bytes');
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(true);
    await writeFile(join(data, 'val', 'val-c.labels.json'), '{}');
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(false);
    await rm(join(data, 'val', 'val-c.labels.json'));
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(true);
    // The model replaced since (a checkout of the shipped file, another run): trained again.
    await writeFile(out, 'other weights');
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(false);
    await rm(out);
    expect(await madeBefore(record, await inputs(['--seed', '1']), out)).toBe(false);
  });
});
