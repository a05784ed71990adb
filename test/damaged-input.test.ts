/**
 * Damaged and empty input is reported, not hidden (issue: hostile input, item 8): a truncated video is an error that
 * says how many frames were decoded of how many the container announces, and its outputs are marked incomplete; a
 * result without frames is an error for every command; `--duration 0` is a usage error.
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import { runCli } from './helpers/cli.js';
import { lastValueFrom, toArray } from 'rxjs';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import type { Frame } from '../src/types.js';
import { ffprobeText, makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let clip: string;
let model: string;

beforeAll(async () => {
  dir = tempDir('damaged-input');
  // moov at the front: every truncation leaves a playable start (the case ffmpeg decodes without an error).
  clip = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=4'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
  model = join(dir, 'model.safetensors');
  await saveModel(model, randomModel());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a truncated video', () => {
  it.each([30, 60, 95])('cut at %i percent: exit 1, "decoded N of the 100 frames", segments marked incomplete', async (percent) => {
    const cut = join(dir, `cut-${percent}.mp4`);
    copyFileSync(clip, cut);
    truncateSync(cut, Math.floor((statSync(clip).size * percent) / 100));
    const out = join(dir, `cut-${percent}.json`);
    const r = await runCli(['label', cut, '-m', model, '-f', 'segments', '-o', out], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^framewise: .*cut-\d+\.mp4: decoded (\d+) of the 100 frames its container announces \(truncated or damaged input\)\n$/);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { complete?: boolean; error?: string; frames: number };
    expect(doc.complete).toBe(false);
    expect(doc.error).toMatch(/decoded \d+ of the 100 frames/);
    expect(doc.frames).toBeLessThan(100);
  });

  /** Labels `file` into a segments document, which must be complete; its frame count. */
  const framesLabelled = async (file: string, out: string): Promise<number> => {
    const r = await runCli(['label', file, '-m', model, '-f', 'segments', '-o', out], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { complete?: boolean; frames: number };
    expect(doc.complete).toBeUndefined();
    return doc.frames;
  };

  it('the whole file still labels completely (the check counts what the container announces)', async () => {
    expect(await framesLabelled(clip, join(dir, 'whole.json'))).toBe(100);
  });

  it('a clip cut by stream copy between keyframes is not one (its container counts the packets its edit list hides)', async () => {
    // The clip's only keyframe is its first frame: a copy from 1.5 s keeps all 100 packets and hides the first 37.
    const cut = join(dir, 'copy-cut.mp4');
    makeVideo(cut, ['-ss', '1.5', '-i', clip], ['-c', 'copy']);
    expect(ffprobeText(['-select_streams', 'v:0', '-show_entries', 'stream=nb_frames', '-of', 'csv=p=0', cut]).trim()).toBe('100');
    expect(await framesLabelled(cut, join(dir, 'copy-cut.json'))).toBe(62);
  });
});

describe('no frames at all', () => {
  it('report on a bare Y4M header: one line, exit 1, no TypeError', async () => {
    const bare = join(dir, 'bare.y4m');
    writeFileSync(bare, 'YUV4MPEG2 W160 H120 F25:1 Ip A1:1 C420jpeg\n');
    for (const args of [['report', bare, '-m', model, '--out', join(dir, 'bare.html')], ['label', bare, '-m', model]]) {
      const r = await runCli(args, { timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/TypeError|internal error/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('report with --start past the end: a usage error, not a crash', async () => {
    const r = await runCli(['report', clip, '-m', model, '--start', '100', '--out', join(dir, 'late.html')], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--start 100 is at or past the end/);
  });

  it.each(['label', 'report'])('%s --duration 0 is a usage error', async (command) => {
    const r = await runCli([command, clip, '-m', model, '--duration', '0'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration.*expected a number > 0/);
  });
});

describe('an input ffprobe crashes on', () => {
  it('a valid HLS playlist (the bundled ffprobe segfaults on it) is decoded without a probe', async () => {
    const playlist = join(dir, 'hls', 'clip.m3u8');
    mkdirSync(join(dir, 'hls'));
    makeVideo(playlist, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod']);
    const r = await runCli(['label', playlist, '-m', model, '-f', 'jsonl'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number });
    expect(lines).toHaveLength(50);
    expect(lines.map((l) => l.frame)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('an MPEG-TS file (the bundled ffprobe segfaults on every one)', () => {
  it('is described by ffmpeg instead: an overlay can be drawn, and the progress bar knows the length', async () => {
    const ts = makeVideo(join(dir, 'clip.ts'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2']);
    const overlay = join(dir, 'clip-overlay.mp4');
    const out = join(dir, 'clip-ts.json');
    const r = await runCli(['label', ts, '-m', model, '-f', 'segments', '-o', out, '--overlay', overlay, '--progress'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ 50\/50 frames \|/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ fps: 25, frames: 50 });
    expect(ffprobeText(['-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=width,height,nb_read_frames', '-of', 'csv=p=0', overlay]).trim()).toBe('160,120,50');
  });
});

describe('a picture size that changes mid-stream (MPEG-TS files joined end to end)', () => {
  it('keeps every frame with its own time: none lost at the change, no padding frame at the end', async () => {
    const a = makeVideo(join(dir, 'join-a.ts'), ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2']);
    const b = makeVideo(join(dir, 'join-b.ts'), ['-f', 'lavfi', '-i', 'color=white:size=640x360:rate=25:duration=2']);
    const joined = join(dir, 'joined.ts');
    writeFileSync(joined, Buffer.concat([readFileSync(a), readFileSync(b)]));
    const frames = await lastValueFrom(decodeFrames(joined, { width: 64, height: 36, pixelFormat: 'yuv420p' }).pipe(toArray()));
    const white = frames.map((f) => f.data.subarray(0, 64 * 36).reduce((n, v) => n + v, 0) / (64 * 36) > 200);
    expect(frames).toHaveLength(100);
    // The white clip's first frame is the 51st, at 2 s; the test pattern's frames all come before it.
    expect(white.indexOf(true)).toBe(50);
    expect(frames[50].time).toBeCloseTo(2, 6);
    expect(white.slice(50).every(Boolean)).toBe(true);
  });
});

describe('a corrupted stretch in a constant-rate file', () => {
  let intact: string;
  let damaged: string;

  beforeAll(() => {
    // Keyframes every 5 frames, B-frames as x264 chooses: the decoder drops what it cannot decode, and near the
    // damage it hands a neighbour's pts to a frame (two frames with one timestamp).
    intact = makeVideo(join(dir, 'cfr.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=12'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '5', '-movflags', '+faststart']);
    damaged = join(dir, 'cfr-damaged.mp4');
    copyFileSync(intact, damaged);
    const junk = Buffer.alloc(2000);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      junk[i] = x >>> 24;
    }
    const fd = openSync(damaged, 'r+');
    writeSync(fd, junk, 0, junk.length, Math.floor(statSync(damaged).size / 2));
    closeSync(fd);
  }, 180_000);

  it('framewise label numbers the frames after it as the source does, not in decode order', async () => {
    const r = await runCli(['label', damaged, '-m', model, '-f', 'jsonl'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0); // a few frames short of 300: within the container-count slack
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number; time: number });
    expect(events.length).toBeLessThan(300); // frames were lost (else this test shows nothing)
    expect(events.length).toBeGreaterThan(280);
    // The intact copy's own timestamps: its frame k is shown at pts[k].
    const pts = ffprobeText(['-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', intact]).split('\n').filter((l) => /^\d/.test(l)).map((l) => parseFloat(l)); // (side data adds a field)
    expect(pts).toHaveLength(300);
    const gap = events.findIndex((e, i) => e.frame !== i);
    expect(gap).toBeGreaterThan(100); // numbering leaves the decode order at the damage, in the middle
    const after = events.slice(gap + 10);
    expect(after.length).toBeGreaterThan(100);
    for (const e of after) expect(e.time).toBeCloseTo(pts[e.frame], 3);
    expect(events.at(-1)!.frame).toBe(299);
    for (let i = 1; i < events.length; i++) expect(events[i].frame).toBeGreaterThan(events[i - 1].frame);
  });

  it('a frame numbered n after the damage is the intact copy\'s frame n, pixel for pixel', async () => {
    const decode = (file: string): Promise<Frame[]> => lastValueFrom(decodeFrames(file, { width: 32, height: 24, pixelFormat: 'yuv420p' }).pipe(toArray()));
    const good = await decode(intact);
    const bad = await decode(damaged);
    expect(good.map((f) => f.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const tail = bad.filter((f) => f.index >= 170); // past the damaged group of pictures
    expect(tail.length).toBe(130);
    for (const f of tail) expect(Buffer.from(f.data).equals(Buffer.from(good[f.index].data)), `frame ${f.index}`).toBe(true);
  });
});
