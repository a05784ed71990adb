import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, type DecodeOptions } from '../src/decode/decodeFrames.js';
import { probeVideo } from '../src/decode/probeVideo.js';
import { FramewiseError, InputError, type ErrorCode } from '../src/errors.js';
import { ffmpegChildren, makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';

const OPTS: DecodeOptions = { width: 8, height: 6 };
let dir: string;
let good: string;
let goodFast: string;

/** Runs a promise and returns the error it rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<FramewiseError> {
  const started = Date.now();
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(Date.now() - started).toBeLessThan(10_000); // "within seconds": a hang would hit this (generously)
  expect(err).toBeInstanceOf(FramewiseError);
  return err as FramewiseError;
}

async function expectBoth(input: string, code: ErrorCode): Promise<void> {
  const e1 = await rejection(probeVideo(input));
  expect(e1.code).toBe(code);
  expect(e1.message.split('\n').length).toBe(1);
  const e2 = await rejection(lastValueFrom(decodeFrames(input, OPTS).pipe(toArray())));
  expect(e2.code).toBe(code);
}

beforeAll(() => {
  dir = tempDir('badin');
  const src = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1'];
  good = makeVideo(path.join(dir, 'good.mp4'), src);
  goodFast = makeVideo(path.join(dir, 'fast.mp4'), src, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
});

afterEach(async () => {
  // Whatever happened, no ffmpeg/ffprobe of ours is left running.
  expect(await waitFor(() => ffmpegChildren().length === 0)).toBe(true);
});

describe('bad inputs give typed errors quickly', () => {
  it('missing file', async () => {
    await expectBoth(path.join(dir, 'no-such.mp4'), 'E_INPUT_MISSING');
  });

  it('directory', async () => {
    const d = path.join(dir, 'a-dir.mp4');
    mkdirSync(d);
    await expectBoth(d, 'E_INPUT_INVALID');
  });

  it('empty file', async () => {
    const f = path.join(dir, 'empty.mp4');
    writeFileSync(f, '');
    await expectBoth(f, 'E_INPUT_INVALID');
  });

  it('text file named .mp4', async () => {
    const f = path.join(dir, 'text.mp4');
    writeFileSync(f, 'this is not a video\n'.repeat(50));
    await expectBoth(f, 'E_INPUT_INVALID');
    // Without the probe (info given), ffmpeg's own failure maps to the same error.
    const info = { width: 160, height: 120, fps: 25, frames: 25, duration: 1, codec: 'h264' };
    const e = await rejection(lastValueFrom(decodeFrames(f, { ...OPTS, info }).pipe(toArray())));
    expect(e.code).toBe('E_INPUT_INVALID');
  });

  it('truncated mp4 (index at the end) at several cut points', async () => {
    const bytes = readFileSync(good);
    for (const cut of [100, 0.25, 0.5, 0.9]) {
      const n = cut < 1 ? Math.floor(bytes.length * cut) : cut;
      const f = path.join(dir, `cut-${n}.mp4`);
      writeFileSync(f, bytes.subarray(0, n));
      await expectBoth(f, 'E_INPUT_INVALID');
    }
  });

  it('truncated faststart mp4: either decodes the frames present or fails typed, never hangs', async () => {
    const bytes = readFileSync(goodFast);
    for (const cut of [0.5, 0.8]) {
      const f = path.join(dir, `fastcut-${cut}.mp4`);
      writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * cut)));
      const started = Date.now();
      const result = await lastValueFrom(decodeFrames(f, OPTS).pipe(toArray())).then(
        (frames) => frames.length,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      if (typeof result === 'number') expect(result).toBeLessThan(25);
      else expect(result).toBeInstanceOf(FramewiseError);
    }
  });

  it('audio-only file', async () => {
    const f = makeVideo(path.join(dir, 'sound.m4a'), ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'], ['-c:a', 'aac']);
    await expectBoth(f, 'E_NO_VIDEO_STREAM');
    // Through a pipe there is no probe: ffmpeg's "matches no streams" is recognised instead.
    const e = await rejection(lastValueFrom(decodeFrames(createReadStream(f), OPTS).pipe(toArray())));
    expect(e.code).toBe('E_NO_VIDEO_STREAM');
  });

  it('garbage through a pipe', async () => {
    const f = path.join(dir, 'garbage.bin');
    writeFileSync(f, Buffer.alloc(20_000, 0x5a));
    const e = await rejection(lastValueFrom(decodeFrames(createReadStream(f), OPTS).pipe(toArray())));
    expect(e).toBeInstanceOf(InputError);
  });

  it('a URL that refuses the connection', async () => {
    await expectBoth('tcp://127.0.0.1:1', 'E_INPUT_MISSING');
  });

  it('a URL that accepts but never sends: ffprobe times out', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      const e = await rejection(probeVideo(`tcp://127.0.0.1:${port}`, { timeoutMs: 1500 }));
      expect(e.code).toBe('E_INPUT_INVALID');
      expect(e.message).toMatch(/no answer/);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });
});
