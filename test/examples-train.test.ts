/**
 * examples/trainOwnModel.ts end to end: three videos made here with ffmpeg (a test picture, a black stretch,
 * the picture again) and truth files with the user's own labels, "scene" and "blank"; the example trains on them,
 * saves the model, and labels a fourth video whose black stretch it has never seen.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadModel } from '../src/recurrent/modelFile.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FPS = 25;

/** `before` frames of picture, `black` frames of black, `after` frames of picture. */
function pictureBlackPicture(file: string, before: number, black: number, after: number): string {
  // `head` is a lavfi source with its own options, ready for size and rate.
  const src = (head: string, frames: number, label: string): string =>
    `${head}size=160x120:rate=${FPS},trim=end_frame=${frames},setpts=PTS-STARTPTS[${label}]`;
  const graph = [src('testsrc2=', before, 'a'), src('color=c=black:', black, 'b'), src('testsrc2=', after, 'c'), '[a][b][c]concat=n=3:v=1:a=0'].join(';');
  return makeVideo(file, ['-filter_complex', graph]);
}

function truth(before: number, black: number, after: number): string {
  return JSON.stringify({
    labels: ['scene', 'blank'],
    default: 'scene',
    fps: FPS,
    frames: before + black + after,
    segments: [{ label: 'blank', start: before, end: before + black - 1 }],
  });
}

let dir: string;

beforeAll(() => {
  dir = tempDir('examples-train');
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const videos: Array<[string, number, number, number]> = [
    ['v1', 30, 20, 25],
    ['v2', 15, 25, 35],
    ['v3', 40, 15, 20],
  ];
  for (const [name, a, b, c] of videos) {
    pictureBlackPicture(path.join(data, `${name}.mp4`), a, b, c);
    writeFileSync(path.join(data, `${name}.labels.json`), truth(a, b, c));
  }
  pictureBlackPicture(path.join(dir, 'new.mp4'), 20, 30, 25);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('trains a 2-label model on labelled videos, saves it, and finds the black stretch of a new video', async () => {
  const out = path.join(dir, 'own.safetensors');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/trainOwnModel.ts', path.join(dir, 'data'), out, path.join(dir, 'new.mp4')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 50_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const printed = run.stdout.split('\n').filter(Boolean);
  expect(printed[0]).toMatch(/^epoch 1\/25 {2}loss \d+\.\d{3} {2}validation macro-F1 \d\.\d\d$/);
  expect(printed).toContainEqual(expect.stringMatching(/^saved .*own\.safetensors: labels scene, blank after \d+ epochs$/));

  // The saved file is a real model with the truth files' labels.
  expect((await loadModel(out)).meta.labels).toEqual(['scene', 'blank']);

  // New video: frames 20-49 are black. One blank segment, within two frames of the truth, between scenes.
  const segments = printed
    .map((l) => /^(\w+) frames (\d+)-(\d+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ label: m[1], start: Number(m[2]), end: Number(m[3]) }));
  expect(segments.map((s) => s.label)).toEqual(['scene', 'blank', 'scene']);
  expect(segments[0].start).toBe(0);
  expect(segments[2].end).toBe(74);
  expect(Math.abs(segments[1].start - 20)).toBeLessThanOrEqual(2);
  expect(Math.abs(segments[1].end - 49)).toBeLessThanOrEqual(2);
});
