/** Shared by the live tests: a random-weight model (labels meaningless, pipeline real) and an ffmpeg sender. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Model } from '../../src/recurrent/model.js';
import { randomModel as randomWeights } from './randomModel.js';
import { resolveFfmpeg } from '../../src/decode/ffmpegPath.js';

/** A random-weight model (labels meaningless, pipeline real), a little wider than the default test one. */
export function randomModel(delay = 0, seed = 7): Model {
  return randomWeights(delay, seed, 32);
}

/** Starts ffmpeg with these arguments (stdout piped, stdin ignored); resolves `done` with its exit code. */
export function startFfmpeg(args: string[]): { proc: ChildProcess; done: Promise<number | null>; stderr: () => string } {
  const { ffmpeg } = resolveFfmpeg();
  const proc = spawn(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return { proc, done, stderr: () => err };
}

/** A -re lavfi test pattern encoded as H.264 in MPEG-TS, `frames` frames at `size` and `rate`. */
export function liveSenderArgs(size: string, rate: number, frames: number, out: string[]): string[] {
  return [
    '-re', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`,
    '-frames:v', String(frames),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', String(rate),
    ...out,
  ];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
