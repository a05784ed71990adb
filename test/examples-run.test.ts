/**
 * The examples in examples/ run as a user runs them (`tsx examples/X.ts ARGS`, 'framewise' resolved by the
 * tsconfig paths mapping), on videos made here with ffmpeg. Models with a single label make the output exact:
 * every frame gets that label, so what an example prints is known in advance.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import type { Segment } from '../src/types.js';
import { longDissolves, segmentSeconds } from '../examples/longDissolves.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs examples/NAME.ts under tsx from the repo root; `onLine` sees each stdout line and may signal the child. */
function runExample(name: string, args: string[], onLine?: (line: string, kill: (sig: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('examples', `${name}.ts`), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine?.(line, (sig) => child.kill(sig));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`examples/${name}.ts did not finish\n${stderr}`));
    }, 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A model file whose only label is `label`: it labels every frame `label` with score 1. */
async function oneLabelModel(dir: string, label: string): Promise<string> {
  const file = path.join(dir, `${label}.safetensors`);
  const model = randomModel(1, 3, 4, [label]);
  await saveModel(file, model);
  return file;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

let dir: string;
let clip: string; // 50 frames at 25 fps
let short: string; // 24 frames at 25 fps
let long: string; // 150 frames at 25 fps
const models: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir('examples');
  const src = (frames: number): string[] => ['-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=25,trim=end_frame=${frames}`];
  clip = makeVideo(path.join(dir, 'clip.mp4'), src(50));
  short = makeVideo(path.join(dir, 'short.mp4'), src(24));
  long = makeVideo(path.join(dir, 'long.mp4'), src(150));
  for (const label of ['still', 'cut', 'dissolve']) models[label] = await oneLabelModel(dir, label);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('examples/logSegments.ts', () => {
  it('prints one line per segment: a single-label model gives one segment over every frame', async () => {
    const run = await runExample('logSegments', [clip, models.still]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([expect.stringMatching(/^still\s+frames 0-49\s+0\.00-1\.96s\s+score 1\.00$/)]);
  });

  it('reports a missing video as one line and exits 1', async () => {
    const run = await runExample('logSegments', [path.join(dir, 'nope.mp4'), models.still]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringContaining('nope.mp4')]);
  });
});

describe('examples/liveCuts.ts', () => {
  it('prints cuts while a file plays in real time, and Ctrl-C stops it and its ffmpeg', async () => {
    const seen: string[] = [];
    const run = await runExample('liveCuts', [long, models.cut], (line, kill) => {
      seen.push(line);
      if (seen.length === 10) kill('SIGINT');
    });
    expect(run.code).toBe(0);
    const cuts = lines(run.stdout).map((l) => {
      const m = /^cut at (\d+\.\d\d) s \(frame (\d+), score 1\.00\)$/.exec(l);
      expect(m, l).not.toBeNull();
      return { time: Number(m![1]), frame: Number(m![2]) };
    });
    expect(cuts.length).toBeGreaterThanOrEqual(10);
    // Stopped mid-stream: the 6-second file was not labelled to its end.
    expect(cuts[cuts.length - 1].frame).toBeLessThan(149);
    for (let i = 0; i < cuts.length; i++) {
      expect(cuts[i].time).toBeCloseTo(cuts[i].frame / 25, 2);
      if (i > 0) expect(cuts[i].frame).toBeGreaterThan(cuts[i - 1].frame);
    }
    expect(await waitFor(() => processesMentioning(dir).length === 0)).toBe(true);
  });
});

describe('examples/longDissolves.ts (the custom operator)', () => {
  const seg = (label: string, start: number, end: number, fps = 25): Segment => ({
    label,
    start,
    end,
    start_time: start / fps,
    end_time: end / fps,
    score: 0.9,
  });

  it('measures a segment from its first frame to the end of its last', () => {
    expect(segmentSeconds(seg('dissolve', 10, 34))).toBeCloseTo(1, 9);
    expect(segmentSeconds(seg('dissolve', 0, 29, 30))).toBeCloseTo(1, 9);
    expect(segmentSeconds(seg('cut', 7, 7))).toBe(0);
  });

  it('keeps only dissolves strictly longer than the limit', async () => {
    const { from, lastValueFrom, toArray } = await import('rxjs');
    const input = [seg('dissolve', 0, 24), seg('dissolve', 30, 55), seg('wipe', 60, 120), seg('still', 121, 400), seg('dissolve', 401, 460)];
    const kept = await lastValueFrom(from(input).pipe(longDissolves(1), toArray()));
    expect(kept.map((s) => s.start)).toEqual([30, 401]);
  });
});

describe('examples/findLongDissolves.ts', () => {
  it('prints a 2-second dissolve and not a 0.96-second one', async () => {
    const [two, under] = await Promise.all([runExample('findLongDissolves', [clip, models.dissolve]), runExample('findLongDissolves', [short, models.dissolve])]);
    expect(two.stderr).toBe('');
    expect(lines(two.stdout)).toEqual(['dissolve 0.00-1.96s (2.00 s, frames 0-49)', '1 dissolve(s) longer than 1 s']);
    expect(under.stderr).toBe('');
    expect(lines(under.stdout)).toEqual(['0 dissolve(s) longer than 1 s']);
  });
});
