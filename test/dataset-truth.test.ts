import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, TruthError } from '../src/errors.js';
import { listDataset } from '../src/dataset/listDataset.js';
import { frameTargets, loadTruth, parseTruth } from '../src/dataset/truthFile.js';

const good = {
  labels: ['still', 'motion', 'cut', 'dissolve'],
  default: 'still',
  fps: 25,
  frames: 10,
  segments: [
    { label: 'cut', start: 2, end: 2 },
    { label: 'dissolve', start: 5, end: 7 },
  ],
};

function errorOf(json: unknown): TruthError {
  try {
    parseTruth(json, 'clip.labels.json');
  } catch (err) {
    expect(err).toBeInstanceOf(TruthError);
    expect((err as TruthError).code).toBe('E_TRUTH_INVALID');
    expect((err as TruthError).message).not.toContain('\n');
    return err as TruthError;
  }
  throw new Error('expected a TruthError');
}

describe('parseTruth', () => {
  it('accepts a valid file', () => {
    const t = parseTruth(good, 'x');
    expect(t.frames).toBe(10);
    expect(t.segments).toHaveLength(2);
    expect(t.default).toBe('still');
  });

  it.each([
    ['missing field', { ...good, fps: undefined }, /clip\.labels\.json: missing field "fps"/],
    ['missing segments', { ...good, segments: undefined }, /missing field "segments"/],
    ['wrong type', { ...good, frames: 'ten' }, /invalid field "frames"/],
    ['segment field', { ...good, segments: [{ label: 'cut', start: 1 }] }, /missing field "segments\[0\]\.end"/],
    ['label not in labels', { ...good, segments: [{ label: 'wipe', start: 1, end: 2 }] }, /segments\[0\]\.label "wipe" is not in labels/],
    ['start out of range', { ...good, segments: [{ label: 'cut', start: -1, end: 2 }] }, /segments\[0\]\.start -1 is out of range \[0, 9\]/],
    ['end out of range', { ...good, segments: [{ label: 'cut', start: 3, end: 10 }] }, /segments\[0\]\.end 10 is out of range \[0, 9\]/],
    ['start > end', { ...good, segments: [{ label: 'cut', start: 4, end: 3 }] }, /segments\[0\] start 4 > end 3/],
    [
      'overlap',
      { ...good, segments: [{ label: 'cut', start: 6, end: 6 }, { label: 'dissolve', start: 2, end: 6 }] },
      /segments\[0\] \(6-6\) overlaps segments\[1\] \(2-6\)/,
    ],
    ['default not in labels', { ...good, default: 'black' }, /default "black" is not in labels/],
    ['repeated label', { ...good, labels: ['still', 'still'] }, /labels\[1\] "still" is repeated/],
    ['not an object', [1, 2], /clip\.labels\.json: invalid field/],
  ])('rejects %s', (_name, json, re) => {
    expect(errorOf(json).message).toMatch(re);
  });
});

describe('frameTargets', () => {
  it('maps segments and fills uncovered frames with the default', () => {
    const model = ['motion', 'still', 'dissolve', 'cut'];
    expect(Array.from(frameTargets(parseTruth(good, 'x'), model))).toEqual([1, 1, 3, 1, 1, 2, 2, 2, 1, 1]);
  });

  it('uses the first label when there is no default', () => {
    const t = parseTruth({ ...good, default: undefined, labels: ['motion', 'still', 'cut', 'dissolve'] }, 'x');
    expect(Array.from(frameTargets(t, ['still', 'motion', 'cut', 'dissolve']).subarray(0, 2))).toEqual([1, 1]);
  });

  it('refuses a truth label the model does not have', () => {
    expect(() => frameTargets(parseTruth(good, 'x'), ['still', 'motion', 'cut'])).toThrow(TruthError);
  });
});

describe('loadTruth and listDataset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-dataset-'));
    await writeFile(join(dir, 'a.mp4'), '');
    await writeFile(join(dir, 'a.labels.json'), JSON.stringify(good));
    await writeFile(join(dir, 'b.mkv'), '');
    await writeFile(join(dir, 'b.labels.json'), '{ not json');
    await writeFile(join(dir, 'c.mp4'), ''); // no truth: not listed
    await writeFile(join(dir, 'notes.txt'), '');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a valid file and names the file on invalid JSON', async () => {
    expect((await loadTruth(join(dir, 'a.labels.json'))).frames).toBe(10);
    await expect(loadTruth(join(dir, 'b.labels.json'))).rejects.toThrow(/b\.labels\.json: invalid JSON/);
    await expect(loadTruth(join(dir, 'zz.labels.json'))).rejects.toBeInstanceOf(TruthError);
  });

  it('lists videos that have a truth file, sorted', async () => {
    const list = await listDataset(dir);
    expect(list.map((e) => e.name)).toEqual(['a', 'b']);
    expect(list[1]).toEqual({ name: 'b', video: join(dir, 'b.mkv'), truth: join(dir, 'b.labels.json') });
  });

  it('is a clear error for an empty or missing folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fw-empty-'));
    await expect(listDataset(empty)).rejects.toThrow(/no videos with a NAME\.labels\.json/);
    await expect(listDataset(join(empty, 'nope'))).rejects.toBeInstanceOf(InputError);
    await rm(empty, { recursive: true, force: true });
  });
});
