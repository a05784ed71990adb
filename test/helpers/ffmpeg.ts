/**
 * Tiny helpers for tests that need real videos: make them with the resolved ffmpeg at test time.
 *
 *   const dir = await tempDir('mytest');
 *   const file = path.join(dir, 'a.mp4');
 *   makeVideo(file, ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2']);
 *   // optional output options (default: libx264, yuv420p):
 *   makeVideo(file, ['-f', 'lavfi', '-i', 'sine=d=1'], ['-c:a', 'aac']);
 *
 *   decodeRgbFrames(file, w, h) reads its frames back as packed RGB.
 *   ffmpegChildren() lists live ffmpeg/ffprobe processes started by this test process (Linux /proc),
 *   to prove that nothing is left behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveFfmpeg } from '../../src/decode/ffmpegPath.js';

/** Decodes a video to packed RGB frames of width × height (its own size); throws with ffmpeg's stderr on failure. */
export function decodeRgbFrames(file: string, width: number, height: number): Uint8Array[] {
  const { ffmpeg } = resolveFfmpeg();
  const raw = execFileSync(ffmpeg.path, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  const n = width * height * 3;
  const out: Uint8Array[] = [];
  for (let o = 0; o + n <= raw.length; o += n) out.push(new Uint8Array(raw.buffer, raw.byteOffset + o, n));
  return out;
}

/** Runs ffmpeg with `inputArgs` then `outputArgs` into `file` (overwritten); throws with ffmpeg's stderr on failure. */
export function makeVideo(file: string, inputArgs: string[], outputArgs: string[] = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']): string {
  const { ffmpeg } = resolveFfmpeg();
  execFileSync(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...inputArgs, ...outputArgs, file], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Within vitest's hook timeout (180 s): a long test video made while the whole suite runs on two cores can
    // take well over a minute.
    timeout: 150_000,
  });
  return file;
}

/** Runs ffprobe and returns its stdout (e.g. for comparing frame timestamps). */
export function ffprobeText(args: string[]): string {
  const { ffprobe } = resolveFfmpeg();
  return execFileSync(ffprobe.path, ['-v', 'error', ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** A fresh temp directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `framewise-${prefix}-`));
}

/**
 * Runs `f` with os.tmpdir() answering `tmp` (made empty first) until what it returns has settled, so that what it
 * leaves there can be seen.
 */
export async function withTmpdir<T>(tmp: string, f: () => T | Promise<T>): Promise<T> {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Live (non-zombie) ffmpeg/ffprobe children of this process, as pids. Empty off Linux. */
export function ffmpegChildren(): number[] {
  return childrenNamed(/^ff(mpeg|probe)/);
}

/**
 * Live (non-zombie) children of this process whose command name matches `name`, as pids. Empty off Linux. (A child
 * started through setpriv shows as `setpriv` for the instant before it becomes ffmpeg.)
 */
export function childrenNamed(pattern: RegExp): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may contain spaces, so split after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === process.pid && state !== 'Z' && pattern.test(comm)) pids.push(Number(entry));
  }
  return pids;
}

/** True while a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    if (process.platform === 'linux') return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check()` is true or `ms` elapse; returns the last result. */
export async function waitFor(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
