import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, createReadStream, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_DECODE_ARGS, FRAMES_PER_WRITE } from '../src/decode/decodeArgs.js';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { probeVideo } from '../src/decode/probeVideo.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { DecodeError, FramewiseError, UsageError } from '../src/errors.js';
import type { Frame, VideoInfo } from '../src/types.js';
import { ffmpegChildren, ffprobeText, isAlive, makeVideo, tempDir, waitFor, withTmpdir } from './helpers/ffmpeg.js';

const W = 16;
const H = 12;
let dir: string;
let cfr: string; // 160x120, 25 fps, 2 s = 50 frames
let cfrMkv: string; // same, streamable container (for pipe input)
let vfr: string;
let single: string;
let tiny: string; // 1x1

const all = (o: Observable<Frame>): Promise<Frame[]> => lastValueFrom(o.pipe(toArray()));

/** Frame times as ffprobe reports them (pts_time), relative to the container's start. */
function probeTimes(file: string): number[] {
  const start = Number(ffprobeText(['-show_entries', 'format=start_time', '-of', 'csv=p=0', file]).trim()) || 0;
  return ffprobeText(['-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file])
    .split('\n')
    .map((l) => l.split(',')[0].trim())
    .filter((l) => l !== '')
    .map((t) => Number(t) - start);
}

beforeAll(() => {
  dir = tempDir('decode');
  const src = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2'];
  cfr = makeVideo(path.join(dir, 'cfr.mp4'), src, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '10']);
  cfrMkv = makeVideo(path.join(dir, 'cfr.mkv'), src, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  vfr = makeVideo(path.join(dir, 'vfr.mkv'), [...src, '-vf', "select='not(mod(n\\,3))+eq(mod(n\\,7)\\,1)'", '-vsync', 'vfr'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  single = makeVideo(path.join(dir, 'single.mp4'), src, ['-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  tiny = makeVideo(path.join(dir, 'tiny.mkv'), ['-f', 'lavfi', '-i', 'color=c=red:size=16x16:rate=10:duration=1'], ['-vf', 'scale=1:1', '-c:v', 'ffv1']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeFrames on files', () => {
  it('decodes every frame at analysis size with ffprobe-exact timestamps and area-scaled pixels', async () => {
    let info: VideoInfo | undefined;
    const frames = await all(decodeFrames(cfr, { width: W, height: H, onInfo: (i) => (info = i) }));
    expect(info).toMatchObject({ width: 160, height: 120, fps: 25, frames: 50, codec: 'h264' });
    expect(frames.length).toBe(50);
    expect(frames.map((f) => f.index)).toEqual([...Array(50).keys()]);
    for (const f of frames) {
      expect([f.width, f.height, f.format, f.data.length]).toEqual([W, H, 'rgb24', W * H * 3]);
      expect(f.decodedAt).toBeGreaterThan(0);
    }
    const expected = probeTimes(cfr);
    expect(expected.length).toBe(50);
    frames.forEach((f, i) => expect(f.time).toBeCloseTo(expected[i], 5));
    // Same bytes as ffmpeg's own area scaling: nothing shifted between frames.
    const ref = execFileSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-i', cfr, '-vf', `scale=${W}:${H}:flags=area,format=rgb24`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 24 });
    for (const k of [0, 17, 49]) expect(Buffer.from(frames[k].data).equals(ref.subarray(k * W * H * 3, (k + 1) * W * H * 3))).toBe(true);
  });

  it('delivers yuv420p frames (Y, then U and V at half size) with the same bytes as ffmpeg', async () => {
    const frames = await all(decodeFrames(cfr, { width: W, height: H, pixelFormat: 'yuv420p' }));
    const size = W * H + 2 * Math.ceil(W / 2) * Math.ceil(H / 2);
    expect(frames.length).toBe(50);
    for (const f of frames) expect([f.format, f.data.length]).toEqual(['yuv420p', size]);
    const ref = execFileSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', '-i', cfr, '-vf', `scale=${W}:${H}:flags=area,format=yuv420p`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 24 });
    expect(ref.length).toBe(50 * size);
    for (const k of [0, 17, 49]) expect(Buffer.from(frames[k].data).equals(ref.subarray(k * size, (k + 1) * size))).toBe(true);
  });

  it('with fastDecode, decodes as ffmpeg does with the decoder shortcuts (the bytes differ from the default)', async () => {
    const fast = await all(decodeFrames(cfr, { width: W, height: H, pixelFormat: 'yuv420p', fastDecode: true }));
    const exact = await all(decodeFrames(cfr, { width: W, height: H, pixelFormat: 'yuv420p' }));
    const size = W * H + 2 * Math.ceil(W / 2) * Math.ceil(H / 2);
    const ref = execFileSync(resolveFfmpeg().ffmpeg.path, ['-v', 'error', ...FAST_DECODE_ARGS, '-i', cfr, '-vf', `scale=${W}:${H}:flags=area,format=yuv420p`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 24 });
    expect(fast.length).toBe(50);
    fast.forEach((f, k) => expect(Buffer.from(f.data).equals(ref.subarray(k * size, (k + 1) * size))).toBe(true));
    // The fixture is H.264 with its loop filter on: skipping it changes some pixels somewhere.
    expect(fast.some((f, k) => !Buffer.from(f.data).equals(Buffer.from(exact[k].data)))).toBe(true);
  });

  it('decodes a local file in batches: the same frames and times as the frame-by-frame decode of a stream, none of the padding of the last batch, no file left behind', async () => {
    for (const [file, frames, pixelFormat, width, height] of [
      [cfrMkv, 50, 'yuv420p', W, H],
      [vfr, probeTimes(vfr).length, 'rgb24', W, H],
      [tiny, 10, 'yuv420p', 4, 2],
      // An odd yuv420p height cannot be stacked: decoded frame by frame.
      [cfrMkv, 50, 'yuv420p', W, 9],
    ] as const) {
      // A temporary folder of its own: whatever the decode leaves there shows.
      const tmp = path.join(dir, 'tmp');
      const commands: string[] = [];
      const batched = await withTmpdir(tmp, () => all(decodeFrames(file, { width, height, pixelFormat, onStart: (_, command) => commands.push(command) })));
      expect(readdirSync(tmp)).toEqual([]);
      // A stream is decoded frame by frame (given the file's description, so that both number frames alike).
      const streamed = await all(decodeFrames(createReadStream(file), { width, height, pixelFormat, info: await probeVideo(file), onStart: (_, command) => commands.push(command) }));
      expect(commands.map((c) => c.includes(`tile=1x${FRAMES_PER_WRITE}`))).toEqual([height % 2 === 0, false]);
      expect(frames % FRAMES_PER_WRITE).not.toBe(0);
      expect(batched.length).toBe(frames);
      expect(batched.map((f) => [f.index, f.time])).toEqual(streamed.map((f) => [f.index, f.time]));
      batched.forEach((f, i) => expect(Buffer.from(f.data).equals(streamed[i].data)).toBe(true));
    }
  });

  it('keeps VFR timestamps as ffprobe reports them', async () => {
    const frames = await all(decodeFrames(vfr, { width: W, height: H }));
    const expected = probeTimes(vfr);
    expect(frames.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(15);
    frames.forEach((f, i) => expect(f.time).toBeCloseTo(expected[i], 5));
    const gaps = new Set(frames.slice(1).map((f, i) => Math.round((f.time - frames[i].time) * 100)));
    expect(gaps.size).toBeGreaterThan(1); // really variable
  });

  it('honours start and duration, with times and frame numbers from the input start', async () => {
    const frames = await all(decodeFrames(cfr, { width: W, height: H, start: 1, duration: 0.4 }));
    expect(frames.length).toBe(10);
    // 25 fps, 1 s in: frame 25 of the source, not frame 0 of the excerpt.
    expect(frames[0].index).toBe(25);
    expect(frames[0].time).toBeCloseTo(1, 5);
    expect(frames.map((f) => f.index)).toEqual([...Array(10).keys()].map((i) => 25 + i));
    frames.forEach((f, i) => expect(f.time).toBeCloseTo(1 + i * 0.04, 5));
  });

  it('decodes a single-frame video and a 1x1 video', async () => {
    const one = await all(decodeFrames(single, { width: W, height: H }));
    expect(one.map((f) => [f.index, f.time])).toEqual([[0, 0]]);
    let info: VideoInfo | undefined;
    const px = await all(decodeFrames(tiny, { width: 4, height: 2, onInfo: (i) => (info = i) }));
    expect(info).toMatchObject({ width: 1, height: 1 });
    expect(px.length).toBe(10);
    expect(px[0].data.length).toBe(4 * 2 * 3);
    expect(px[0].data[0]).toBeGreaterThan(200); // red
    expect(px[0].data[1]).toBeLessThan(40);
  });

  it('reads a file whose name has spaces, unicode and a colon', async () => {
    const odd = path.join(dir, 'my clip ünïcødé 名前 12:30.mp4');
    copyFileSync(cfr, odd);
    const frames = await all(decodeFrames(odd, { width: W, height: H }));
    expect(frames.length).toBe(50);
    const rel = path.relative(process.cwd(), odd); // relative "…12:30.mp4" would read as a protocol without care
    expect((await all(decodeFrames(rel, { width: W, height: H, duration: 0.2 }))).length).toBe(5);
  });

  it('completes on corrupted bytes mid-file, numbering each frame as the source does (a gap where frames were lost)', async () => {
    const bad = path.join(dir, 'corrupt.mp4');
    copyFileSync(cfr, bad);
    const size = statSync(bad).size;
    const fd = openSync(bad, 'r+');
    const junk = Buffer.alloc(1500);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
    writeSync(fd, junk, 0, junk.length, Math.floor(size * 0.45));
    closeSync(fd);
    const frames = await all(decodeFrames(bad, { width: W, height: H }));
    expect(frames.length).toBeGreaterThan(30);
    // The damage costs this clip a frame: decode-order numbers would end at 48 (issue 30 item 8).
    expect(frames.length).toBeLessThan(50);
    expect(frames.map((f) => f.index)).toEqual(frames.map((f) => Math.round(f.time * 25)));
    expect(frames.at(-1)!.index).toBe(49);
    for (let i = 1; i < frames.length; i++) expect(frames[i].time).toBeGreaterThan(frames[i - 1].time);
  });
});

describe('decodeFrames inputs other than files', () => {
  it('reads a container from a Readable (pipe:0) and reports info from ffmpeg itself', async () => {
    let info: VideoInfo | undefined;
    const frames = await all(decodeFrames(createReadStream(cfrMkv), { width: W, height: H, onInfo: (i) => (info = i) }));
    expect(frames.length).toBe(50);
    expect(info).toMatchObject({ width: 160, height: 120, fps: 25, codec: 'h264' });
    frames.forEach((f, i) => expect(f.time).toBeCloseTo(i * 0.04, 5));
  });

  it('with start on an input ffprobe cannot open, numbers frames from the source start at the rate ffmpeg reports', async () => {
    const frames = await all(decodeFrames('testsrc2=size=64x48:rate=25:duration=2', { width: 8, height: 6, inputArgs: ['-f', 'lavfi'], start: 1, duration: 0.2 }));
    expect(frames.map((f) => f.index)).toEqual([25, 26, 27, 28, 29]);
    expect(frames[0].time).toBeCloseTo(1, 5);
  });

  it('take(3) on a Readable ends ffmpeg and detaches the stream', async () => {
    let pid = 0;
    const stream = createReadStream(cfrMkv);
    const frames = await all(decodeFrames(stream, { width: W, height: H, realtime: true, onStart: (p) => (pid = p) }).pipe(take(3)));
    expect(frames.length).toBe(3);
    expect(await waitFor(() => !isAlive(pid))).toBe(true);
    expect(stream.listenerCount('data')).toBe(0);
    stream.destroy();
  });

  it('refuses a bad analysis size as a usage error', () => {
    expect(() => decodeFrames(cfr, { width: 0, height: 10 })).toThrow(UsageError);
    expect(() => decodeFrames(cfr, { width: 2.5, height: 10 })).toThrow(/positive integers/);
  });

  it('takes lavfi (a device-like input) through inputArgs', async () => {
    const frames = await all(decodeFrames('testsrc2=size=64x48:rate=10:duration=1', { width: 8, height: 6, inputArgs: ['-f', 'lavfi'] }));
    expect(frames.length).toBe(10);
    expect(frames[9].time).toBeCloseTo(0.9, 5);
  });
});

describe('decodeFrames process ownership', () => {
  // An endless source: without teardown its ffmpeg would never stop by itself.
  const endless = 'testsrc2=size=64x48:rate=25';
  const lavfi = ['-f', 'lavfi'];

  it('take(5) ends the ffmpeg process', async () => {
    let pid = 0;
    const frames = await all(decodeFrames(endless, { width: W, height: H, inputArgs: lavfi, onStart: (p) => (pid = p) }).pipe(take(5)));
    expect(frames.length).toBe(5);
    expect(pid).toBeGreaterThan(0);
    expect(await waitFor(() => !isAlive(pid))).toBe(true);
    expect(ffmpegChildren()).toEqual([]);
  });

  it('an ffmpeg killed from outside is a DecodeError, not a hang', async () => {
    const run = firstValueFrom(
      decodeFrames(endless, {
        width: W,
        height: H,
        inputArgs: lavfi,
        realtime: true,
        onStart: (p) => setTimeout(() => process.kill(p, 'SIGKILL'), 200),
      }).pipe(toArray()),
    );
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe('E_DECODE');
    expect((err as DecodeError).message).toMatch(/SIGKILL/);
  });

  it('an abort signal stops decoding with E_ABORTED and ends the process', async () => {
    const ac = new AbortController();
    let pid = 0;
    const err2 = await new Promise<unknown>((resolve) => {
      decodeFrames(endless, { width: W, height: H, inputArgs: lavfi, signal: ac.signal, onStart: (p) => (pid = p) }).subscribe({
        next: (f) => {
          if (f.index === 2) ac.abort();
        },
        error: resolve,
        complete: () => resolve(null),
      });
    });
    expect(err2).toBeInstanceOf(FramewiseError);
    expect((err2 as FramewiseError).code).toBe('E_ABORTED');
    expect(await waitFor(() => !isAlive(pid))).toBe(true);
  });
});
