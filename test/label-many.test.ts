/**
 * `framewise label` with several inputs (files, a folder, a pattern): one output per input, a summary line per file,
 * a bad file reported while the others finish, exit 1 when any failed, 130 on Ctrl-C. Real ffmpeg, real files, the
 * real executable; a random-weight model (labels meaningless, every stage real).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelMany } from '../pipelines/labelMany.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModelFile } from './helpers/randomModel.js';

let dir: string;
let model: string;
/** Two good clips of known length and one file that is not a video. */
let clips: string;

const segmentsDoc = (file: string): { frames: number; complete?: boolean; segments: unknown[] } =>
  JSON.parse(readFileSync(file, 'utf8')) as { frames: number; complete?: boolean; segments: unknown[] };

beforeAll(async () => {
  dir = tempDir('label-many');
  model = await randomModelFile(dir);
  clips = join(dir, 'clips');
  mkdirSync(clips);
  makeVideo(join(clips, 'a.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2']);
  makeVideo(join(clips, 'c.mkv'), ['-f', 'lavfi', '-i', 'mandelbrot=size=160x90:rate=25', '-t', '1.2']);
  makeVideo(join(clips, 'd.gif'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=1'], ['-c:v', 'gif']);
  writeFileSync(join(clips, 'b.mp4'), 'not a video\n'.repeat(40));
  writeFileSync(join(clips, 'notes.txt'), 'a folder may hold other files\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the clips folder, so that outputs written beside inputs do not leak between tests. */
function copyOfClips(name: string): string {
  const to = join(dir, name);
  mkdirSync(to);
  for (const f of readdirSync(clips)) copyFileSync(join(clips, f), join(to, f));
  return to;
}

describe('framewise label with several inputs', () => {
  it('labels each good file beside it, reports the bad one in one line, and exits 1', async () => {
    const d = copyOfClips('beside');
    const [a, b, c] = ['a.mp4', 'b.mp4', 'c.mkv'].map((f) => join(d, f));
    const r = await runCli(['label', a, b, c, '-m', model, '-f', 'segments', '--jobs', '2'], { timeoutMs: 60000 });
    expect(r.code).toBe(1);
    expect(segmentsDoc(join(d, 'a.json'))).toMatchObject({ frames: 50 });
    expect(segmentsDoc(join(d, 'c.json'))).toMatchObject({ frames: 30 });
    expect(segmentsDoc(join(d, 'a.json')).complete).toBeUndefined();
    expect(existsSync(join(d, 'b.json'))).toBe(false);
    const lines = r.stderr.trim().split('\n');
    // One line per file, then the total.
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith(`${a}:`))).toMatch(/50 frames .* fps\) → .*a\.json$/);
    expect(lines.find((l) => l.startsWith(`${c}:`))).toMatch(/30 frames .*c\.json$/);
    expect(lines.find((l) => l.startsWith(`${b}:`))).toMatch(/failed: .*b\.mp4/);
    expect(lines.at(-1)).toMatch(/2 of 3 file\(s\) labelled, 1 failed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(processesMentioning(d)).toEqual([]);
  });

  it('takes a folder: the videos inside (an animated GIF too), outputs under --out-dir named after each input', async () => {
    const out = join(dir, 'out-folder');
    const r = await runCli(['label', clips, '-m', model, '-f', 'vtt', '--out-dir', out, '--jobs', '1'], { timeoutMs: 60000 });
    expect(r.code).toBe(1); // b.mp4 is not a video
    expect(readdirSync(out).sort()).toEqual(['a.vtt', 'c.vtt', 'd.vtt']);
    expect(r.stderr).toMatch(/d\.gif: 10 frames /);
    expect(readFileSync(join(out, 'a.vtt'), 'utf8')).toMatch(/^WEBVTT/);
    expect(r.stderr).not.toMatch(/notes\.txt/);
    expect(readdirSync(clips).filter((f) => f.endsWith('.vtt'))).toEqual([]);
  });

  it('expands a pattern the shell left alone, and exits 0 when every file is labelled', async () => {
    const out = join(dir, 'out-pattern');
    const r = await runCli(['label', join(clips, '[ac].*'), '-m', model, '--out-dir', out], { timeoutMs: 60000 });
    expect(r.stderr).toMatch(/2 of 2 file\(s\) labelled\n$/);
    expect(r.code).toBe(0);
    // The default format, JSONL: one line per frame.
    expect(readFileSync(join(out, 'a.jsonl'), 'utf8').trim().split('\n')).toHaveLength(50);
    expect(readdirSync(out).sort()).toEqual(['a.jsonl', 'c.jsonl']);
  });

  it('with --progress, shows one bar over the files (share done, frames, rate) with the line of each file printed above it', async () => {
    const out = join(dir, 'out-progress');
    const r = await runCli(['label', join(clips, 'a.mp4'), join(clips, 'c.mkv'), '-m', model, '--out-dir', out, '--progress'], { timeoutMs: 60000 });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    const bars = lines.filter((l) => / files \| /.test(l));
    // The last drawing counts both files and all their frames (50 + 30).
    expect(bars.at(-1)).toMatch(/ 100% \| 2\/2 files \| 80 frames \| \d+ fps \| ETA 0s$/);
    // Each file's summary line whole, on its own line, before the last drawing; the total after it.
    for (const f of ['a.mp4', 'c.mkv']) {
      const i = lines.findIndex((l) => l.startsWith(`${join(clips, f)}: `));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(lines.lastIndexOf(bars.at(-1)!));
    }
    expect(lines.at(-1)).toBe('framewise: 2 of 2 file(s) labelled');
  });

  it('refuses -o with several inputs, two inputs that would write one output, an --out-dir that cannot be made, and a pattern matching nothing', async () => {
    const a = join(clips, 'a.mp4');
    const c = join(clips, 'c.mkv');
    const withOut = await runCli(['label', a, c, '-m', model, '-o', join(dir, 'x.json')]);
    expect(withOut.code).toBe(2);
    expect(withOut.stderr).toMatch(/--out-dir/);
    const twin = join(dir, 'twin');
    mkdirSync(twin);
    copyFileSync(a, join(twin, 'a.mp4'));
    copyFileSync(c, join(twin, 'a.mkv'));
    const clash = await runCli(['label', twin, '-m', model]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/both write .*a\.jsonl/);
    expect(readdirSync(twin).sort()).toEqual(['a.mkv', 'a.mp4']);
    const underFile = await runCli(['label', join(clips, 'a.mp4'), join(clips, 'c.mkv'), '-m', model, '--out-dir', join(clips, 'a.mp4', 'out')]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr.trim()).toMatch(/^framewise: cannot create --out-dir .*a\.mp4\/out: ENOTDIR/);
    expect(underFile.stderr.trim().split('\n')).toHaveLength(1);
    const none = await runCli(['label', join(clips, '*.mov'), '-m', model]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no file matches/);
  });

  it('stops every file on Ctrl-C and exits 130', async () => {
    const d = join(dir, 'long');
    mkdirSync(d);
    for (const name of ['x', 'y', 'z']) {
      // Long enough (3,000 frames each) that two are still running when Ctrl-C comes, short enough to make quickly.
      makeVideo(join(d, `${name}.mp4`), ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=120'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
    }
    const r = await runCli(['label', d, '-m', model, '--jobs', '2'], {
      timeoutMs: 60000,
      onStart: (child) => {
        // Once the first output has lines, a run is under way.
        const poll = setInterval(() => {
          if (existsSync(join(d, 'x.jsonl')) && readFileSync(join(d, 'x.jsonl'), 'utf8').length > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; 3 of 3 file\(s\) not labelled/);
    // The third file never started (two jobs were busy).
    expect(existsSync(join(d, 'z.jsonl'))).toBe(false);
    expect(processesMentioning(d)).toEqual([]);
    // Making three videos on a busy machine takes a while: more than the default minute for the whole test.
  }, 240_000);
});

describe('labelMany', () => {
  it('reports each file, in input order, and starts nothing once aborted', async () => {
    const d = copyOfClips('pipeline');
    const done: string[] = [];
    const results = await labelMany([join(d, 'a.mp4'), join(d, 'b.mp4')], { model, format: 'csv', jobs: 1, onDone: (r) => done.push(r.status) });
    expect(results.map((r) => [r.status, r.out])).toEqual([
      ['done', join(d, 'a.csv')],
      ['failed', join(d, 'b.csv')],
    ]);
    expect(done).toEqual(['done', 'failed']);

    const ac = new AbortController();
    ac.abort();
    const stopped = await labelMany([join(d, 'a.mp4'), join(d, 'c.mkv')], { model, format: 'csv', signal: ac.signal, outDir: join(d, 'o') });
    expect(stopped.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
    expect(readdirSync(join(d, 'o'))).toEqual([]);
  });
});
