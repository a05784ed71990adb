/**
 * A network input that stops sending (issue: hostile input, items 4 and 5): a real local HTTP server sends half of a
 * video and then holds the connection open without a byte more, or trickles one byte a second. framewise ends with a
 * DecodeError naming the input (ffmpeg's read timeout; the decoder's no-progress watchdog), and a framewise killed
 * outright meanwhile leaves no ffmpeg behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { DecodeError } from '../src/errors.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import { CLI, runCli } from './helpers/cli.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let model: string;
let video: Buffer;
let server: Server;
let base: string;
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  dir = tempDir('stalled-input');
  // moov at the front: the first half is playable, so frames flow before the stall.
  const file = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=8'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
  video = readFileSync(file);
  model = join(dir, 'model.safetensors');
  await saveModel(model, randomModel());
  server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': video.length });
    res.write(video.subarray(0, video.length >> 1));
    if (req.url?.startsWith('/trickle')) {
      // One byte a second: the connection is never idle, but no frame is ever complete.
      let at = video.length >> 1;
      const t = setInterval(() => res.write(video.subarray(at, ++at)), 1000);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    }
    // Otherwise: nothing more, connection left open.
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  timers.forEach(clearInterval);
  sockets.forEach((s) => s.destroy());
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a network input that stops sending', () => {
  it('framewise label ends with one line naming the URL (ffmpeg read timeout), no ffmpeg left', async () => {
    const url = `${base}/stall/clip.mp4`;
    const r = await runCli(['label', url, '-m', model, '-o', join(dir, 'stalled.jsonl')], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(url);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await waitFor(() => processesMentioning(url).length === 0, 3000)).toBe(true);
  }, 120_000);

  it('a connection that trickles bytes but no frame ends through the no-progress watchdog', async () => {
    const url = `${base}/trickle/clip.mp4`;
    const frames = lastValueFrom(decodeFrames(url, { width: 64, height: 36, stallTimeoutMs: 3000 }).pipe(toArray()));
    const err = await frames.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).message).toMatch(new RegExp(`${url.replace(/[./]/g, '\\$&')} stalled: no frame for 3 s after \\d+ frames`));
    expect(await waitFor(() => processesMentioning(url).length === 0, 3000)).toBe(true);
  }, 60_000);

  it('a local input decoded in batches but slowly is not a stall while its frames keep coming', async () => {
    // A named pipe fed at 5 frames a second (at fewer, ffmpeg reads a few seconds of the input before its first
    // frame): a batch of eight takes 1.6 s, longer than the watchdog's 1.2 s, yet a frame is decoded every 200 ms.
    const fifo = join(dir, 'slow.y4m');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn(resolveFfmpeg().ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=5:duration=4', '-f', 'yuv4mpegpipe', '-flush_packets', '1', '-y', fifo], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    try {
      const frames = await lastValueFrom(decodeFrames(fifo, { width: 16, height: 12, stallTimeoutMs: 1200, probe: false }).pipe(toArray()));
      expect(frames.length).toBe(20);
      expect(frames.map((f) => f.index)).toEqual([...Array(20).keys()]);
    } finally {
      writer.kill('SIGKILL');
      await written;
    }
  }, 60_000);

  it('SIGKILL of framewise while its ffmpeg waits on the stalled server: that ffmpeg dies too', async () => {
    const url = `${base}/killed/clip.mp4`;
    const out = join(dir, 'killed.jsonl');
    const child = spawn(process.execPath, [CLI, 'label', url, '-m', model, '-o', out], { stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', resolve));
    // Once every frame of the first half is labelled, ffmpeg has nothing left to write (a write would fail once its
    // parent is gone): it waits in a read from the server, which only a parent-death signal ends.
    const lines = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 1 : 0);
    let seen = -1;
    let steadySince = Date.now();
    const stalled = (): boolean => {
      const n = lines();
      if (n !== seen) [seen, steadySince] = [n, Date.now()];
      return n > 0 && Date.now() - steadySince > 1500;
    };
    expect(await waitFor(stalled, 60_000)).toBe(true);
    expect(processesMentioning(url).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await closed;
    expect(await waitFor(() => processesMentioning(url).length === 0, 5000)).toBe(true);
  }, 60_000);
});
