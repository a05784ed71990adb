/**
 * How a `framewise label` run ends, whatever ends it: outputs never look complete when the run was not, a closed
 * stdout ends the run and its ffmpeg at once, formats follow the output's extension, and --start keeps the input's
 * frame numbers.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModelFile } from './helpers/randomModel.js';
import { expectSchema } from './helpers/schemas.js';

let dir: string;
let video: string;
let long: string;
let model: string;

beforeAll(async () => {
  dir = tempDir('fw-outcomes');
  video = join(dir, 'clip.mp4');
  makeVideo(video, ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=4']);
  long = join(dir, 'long.mp4');
  makeVideo(long, ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=240'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
  model = await randomModelFile(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function noFfmpegOf(needle: string): Promise<number[]> {
  for (let i = 0; i < 50 && processesMentioning(needle).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return processesMentioning(needle);
}

describe('a run that does not finish never leaves a result that looks complete', () => {
  it('marks the segments document incomplete, with the error, when ffmpeg dies mid-run (exit 1)', async () => {
    const out = join(dir, 'killed.json');
    let killed = false;
    const r = await runCli(['label', long, '-m', model, '-f', 'segments', '-o', out], {
      timeoutMs: 60_000,
      onStart: (child) => {
        // Once labelling is under way (output on stdout is off: poll for the decoder), kill its ffmpeg from outside.
        const poll = setInterval(() => {
          // (The probe of the same file may come and go meanwhile: only the decoder names rawvideo.)
          const pids = processesMentioning(long, 'rawvideo');
          if (pids.length === 0) return;
          clearInterval(poll);
          setTimeout(() => {
            for (const pid of pids) {
              try {
                process.kill(pid, 'SIGKILL');
              } catch {
                // gone already: the run ended some other way, which the assertions below report
              }
            }
            killed = true;
          }, 500);
        }, 50);
        child.once('close', () => clearInterval(poll));
      },
    });
    expect(killed).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ffmpeg was killed by SIGKILL/);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { complete?: boolean; error?: string; frames: number };
    expectSchema('segments', doc);
    expect(doc.complete).toBe(false);
    expect(doc.error).toMatch(/killed by SIGKILL/);
    expect(doc.frames).toBeLessThan(6000);
  });

  it('refuses --start at or past the end of the input with one line, and writes nothing', async () => {
    const out = join(dir, 'past.json');
    const r = await runCli(['label', video, '-m', model, '-f', 'segments', '-o', out, '--start', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--start 10 is at or past the end of .*clip\.mp4 \(4\.000 s\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('frames and times share the input origin', () => {
  it('with --start, frame numbers are the input\'s, like the times', async () => {
    const r = await runCli(['label', video, '-m', model, '--start', '1', '--duration', '1']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number; time: number });
    for (const ev of events) expectSchema('label-event', ev);
    expect(events[0].frame).toBe(25);
    expect(events[0].time).toBeCloseTo(1, 2);
    for (const e of events) expect(e.frame).toBe(Math.round(e.time * 25));
  });
});

describe('live from a source that can wait', () => {
  it('`live --input FILE` without --re labels every frame: a file gets backpressure, never drops', async () => {
    const r = await runCli(['live', '--input', video, '-m', model], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const frames = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { frame: number }).frame);
    expect(frames).toEqual([...Array(100).keys()]);
    expect(r.stderr).toMatch(/100 frames, 100 labelled, 0 dropped/);
  });
});

describe('output formats', () => {
  it('takes the format from the output file\'s extension, and refuses a contradiction', async () => {
    const csv = join(dir, 'inferred.csv');
    const ok = await runCli(['label', video, '-m', model, '-o', csv]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('frame,time,label,score');
    const json = join(dir, 'inferred.json');
    expect((await runCli(['label', video, '-m', model, '-o', json])).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toHaveProperty('segments');

    const bad = join(dir, 'contradiction.csv');
    const r = await runCli(['label', video, '-m', model, '-f', 'jsonl', '-o', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format jsonl does not match the output file .*contradiction\.csv \(csv or scenes-csv\)/);
    expect(existsSync(bad)).toBe(false);
  });

  it('--events-only leaves still and motion out of CSV and JSONL rows too', async () => {
    const all = await runCli(['label', video, '-m', model]);
    const labels = all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { label: string }).label);
    const events = labels.filter((l) => l !== 'still' && l !== 'motion');
    expect(events.length).toBeLessThan(labels.length); // the random model labels some frames still or motion
    const csv = await runCli(['label', video, '-m', model, '-f', 'csv', '--events-only']);
    const rows = csv.stdout.trim().split('\n').slice(1).filter((l) => l !== '');
    expect(rows.map((r) => r.split(',')[2])).toEqual(events);
    const jsonl = await runCli(['label', video, '-m', model, '--events-only']);
    expect(jsonl.stdout.trim().split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { label: string }).label)).toEqual(events);
  });
});

describe('a closed stdout ends the run', () => {
  it('`framewise label LONG | head -1`: the first line arrives, then framewise and its ffmpeg end, exit 0', async () => {
    // 10,000 times the 4 s clip (11 hours): labelling it never ends within the test's time by itself.
    const endless = join(dir, 'endless.ffconcat');
    writeFileSync(endless, ['ffconcat version 1.0', ...Array<string>(10_000).fill('file clip.mp4')].join('\n') + '\n');
    const child = spawn(process.execPath, [CLI, 'label', endless, '-m', model], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdout.destroy(); // what `head -1` does after its line
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(JSON.parse(first.split('\n')[0])).toHaveProperty('label');
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(await noFfmpegOf(endless)).toEqual([]);
  });
});
