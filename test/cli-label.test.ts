import { readFileSync, writeFileSync, statSync, truncateSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel, randomModelFile } from './helpers/randomModel.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import { expectSchema } from './helpers/schemas.js';

let dir: string;
let video: string;
let model: string;
let long: string;

beforeAll(async () => {
  dir = tempDir('fw-cli');
  video = join(dir, 'clip one.mp4');
  // Two shots joined by a hard cut, 2 s each at 25 fps.
  makeVideo(video, [
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2',
    '-f', 'lavfi', '-i', 'mandelbrot=size=320x180:rate=25',
    '-filter_complex', '[1:v]trim=duration=2,setpts=PTS-STARTPTS[b];[0:v][b]concat=n=2:v=1[v]', '-map', '[v]',
  ]);
  model = await randomModelFile(dir);
  long = join(dir, 'long.mp4');
  makeVideo(long, ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=480'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
});

function jsonl(text: string): Array<{ frame: number; time: number; label: string; score: number; scores: Record<string, number> }> {
  return text.trim().split('\n').map((l) => {
    const ev = JSON.parse(l);
    expectSchema('label-event', ev);
    return ev;
  });
}

describe('framewise label', () => {
  it('writes one JSONL event per frame, in order, with ffprobe timestamps', async () => {
    const r = await runCli(['label', video, '-m', model]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = jsonl(r.stdout);
    const pts = ffprobeText(['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', video])
      .trim().split('\n').filter((l) => l.trim() !== '').map((l) => Number(l.split(',')[0]));
    expect(events.length).toBe(pts.length);
    expect(events.length).toBe(100);
    events.forEach((e, i) => {
      expect(e.frame).toBe(i);
      expect(e.time).toBeCloseTo(pts[i], 3);
      expect(Object.keys(e.scores)).toHaveLength(9);
      expect(e.score).toBe(Math.max(...Object.values(e.scores)));
      expect(e.scores[e.label]).toBe(e.score);
    });
  });

  it('writes every format to --out, each parsing back', async () => {
    const outputs: Record<string, string> = {};
    for (const format of ['jsonl', 'csv', 'vtt', 'srt', 'segments']) {
      const out = join(dir, `out.${format}`);
      const r = await runCli(['label', video, '-m', model, '--format', format, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      outputs[format] = readFileSync(out, 'utf8');
    }
    expect(jsonl(outputs.jsonl)).toHaveLength(100);
    const csv = outputs.csv.trim().split('\n');
    expect(csv[0]).toBe('frame,time,label,score');
    expect(csv).toHaveLength(101);
    expect(csv[41].split(',')[0]).toBe('40');
    expect(outputs.vtt.startsWith('WEBVTT')).toBe(true);
    expect(outputs.vtt).toMatch(/\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}/);
    expect(outputs.srt).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}/);
    const doc = JSON.parse(outputs.segments);
    expectSchema('segments', doc);
    expect(doc.fps).toBe(25);
    expect(doc.frames).toBe(100);
    // Segments tile the video: contiguous, ordered, covering every frame.
    let next = 0;
    for (const s of doc.segments) {
      expect(s.start).toBe(next);
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      next = s.end + 1;
    }
    expect(next).toBe(100);
  });

  it('honours --start and --duration', async () => {
    const r = await runCli(['label', video, '-m', model, '--start', '1', '--duration', '2']);
    expect(r.code, r.stderr).toBe(0);
    const events = jsonl(r.stdout);
    expect(events).toHaveLength(50);
    expect(events[0].time).toBeCloseTo(1, 3);
  });

  it('leaves a valid JSONL file and no ffmpeg when interrupted with Ctrl-C', async () => {
    const out = join(dir, 'interrupted.jsonl');
    const r = await interrupt(['--out', out], 'SIGINT', () => sizeOf(out) > 2000);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    const events = jsonl(readFileSync(out, 'utf8'));
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(12000);
    events.forEach((e, i) => expect(e.frame).toBe(i));
    expect(processesMentioning(long)).toEqual([]);
  });

  it('finishes the segments JSON and the VTT file when terminated mid-run', async () => {
    // --progress on a pipe prints a line a second: stop once it shows labelling under way.
    const underWay = (stderr: string): boolean => /\b[1-9]\d{2,4}\/12000 frames/.test(stderr);
    const vtt = join(dir, 'interrupted.vtt');
    const r1 = await interrupt(['--format', 'vtt', '--out', vtt, '--progress'], 'SIGTERM', underWay);
    expect(r1.code).toBe(130);
    // The bar's first line, before any frame, promises no time; the one under way says how long is left.
    const bars = r1.stderr.split('\n').filter((l) => /\/12000 frames/.test(l));
    expect(bars[0]).toMatch(/ 0% \| 0\/12000 frames \| 0 fps \| ETA --$/);
    expect(bars.find(underWay)).toMatch(/ fps \| ETA (\d+m)?\d+s$/);
    const cues = readFileSync(vtt, 'utf8');
    expect(cues.startsWith('WEBVTT')).toBe(true);
    for (const block of cues.trim().split(/\n\n+/).slice(1)) expect(block).toMatch(/^(\S+\n)?\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}.*\n.+/);

    const json = join(dir, 'interrupted.json');
    const r2 = await interrupt(['--format', 'segments', '--out', json, '--progress'], 'SIGTERM', underWay);
    expect(r2.code).toBe(130);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expectSchema('segments', doc);
    expect(doc.segments.length).toBeGreaterThan(0);
    expect(doc.segments.at(-1).end + 1).toBe(doc.frames);
    expect(doc.frames).toBeLessThan(12000);
    expect(processesMentioning(long)).toEqual([]);
  });
});

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Labels the long video and sends `signal` once `ready()` holds. */
function interrupt(args: string[], signal: NodeJS.Signals, ready: (stderr: string) => boolean) {
  return runCli(['label', long, '-m', model, ...args], {
    onStart: (child) => {
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const poll = setInterval(() => {
        if (ready(stderr)) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 20);
      child.on('close', () => clearInterval(poll));
    },
  });
}

describe('framewise label on bad input', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => join(dir, 'nope.mp4'), /nope\.mp4/],
    ['an empty file', () => { const f = join(dir, 'empty.mp4'); writeFileSync(f, ''); return f; }, /empty/i],
    ['a text file named .mp4', () => { const f = join(dir, 'text.mp4'); writeFileSync(f, 'hello, not a video\n'.repeat(50)); return f; }, /text\.mp4/],
    ['a truncated mp4', () => { const f = join(dir, 'cut.mp4'); copyFileSync(video, f); truncateSync(f, Math.floor(statSync(f).size / 3)); return f; }, /cut\.mp4/],
    ['an audio-only file', () => { const f = join(dir, 'audio.m4a'); makeVideo(f, ['-f', 'lavfi', '-i', 'sine=d=1'], ['-c:a', 'aac']); return f; }, /video/i],
  ];
  for (const [what, make, message] of cases) {
    it(`gives one clear line and exit code 1 for ${what}`, async () => {
      const input = make();
      const r = await runCli(['label', input, '-m', model], { timeoutMs: 15000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(processesMentioning(input)).toEqual([]);
    });
  }

  it('gives exit code 2 for a usage error', async () => {
    const r = await runCli(['label', video, '--format', 'mp3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format/);
  });

  it('refuses a corrupt model file with one line', async () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, Buffer.from([1, 2, 3]));
    const r = await runCli(['label', video, '-m', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.safetensors/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a model made for other features (an fw-v1 model file) with one line naming both', async () => {
    const old = randomModel();
    old.meta.feature = { ...old.meta.feature, name: 'fw-v1' };
    const file = join(dir, 'fw-v1.safetensors');
    await saveModel(file, old);
    const r = await runCli(['label', video, '-m', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('framewise: unknown feature extractor "fw-v1" (this framewise computes fw-v2, fw-v3, fw-v4 and fw-v5)');
    expect(await processesMentioning(video)).toEqual([]);
  });
});
