import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lastValueFrom, map, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { FlowControl } from '../src/decode/FlowControl.js';
import { DecodeError, InputError } from '../src/errors.js';
import { ffmpegFailure } from '../src/ffmpeg/ffmpegFailure.js';
import { spawnFfmpeg, type FfmpegExit } from '../src/ffmpeg/ffmpegProcess.js';
import { liveChildPids } from '../src/ffmpeg/ffmpegProcess.js';
import { ffmpegChildren, isAlive, makeVideo, tempDir, waitFor, withTmpdir } from './helpers/ffmpeg.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A source that runs for a minute at its native rate: it never ends by itself within a test. */
const LONG = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=duration=60', '-f', 'null', '-'];
/** Generous: process death takes milliseconds, the SIGKILL escalation one second. */
const DEATH_MS = 5000;
let dir: string;
let clip: string;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

beforeAll(() => {
  dir = tempDir('ffmpeg-process');
  clip = makeVideo(path.join(dir, 'clip.mkv'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  expect(await waitFor(() => ffmpegChildren().length === 0, DEATH_MS)).toBe(true);
  // The registry forgets a child on its 'exit' event, which follows the kernel's end of it by a moment (a zombie
  // no longer counts as a child above).
  await waitFor(() => liveChildPids().length === 0, DEATH_MS);
  expect(liveChildPids()).toEqual([]);
});

describe('spawnFfmpeg kill policy', () => {
  it('terminate() ends a running process and says so', async () => {
    const proc = spawnFfmpeg('ffmpeg', LONG, { stdout: 'ignore' });
    expect(proc.pid).toBeGreaterThan(0);
    expect(liveChildPids()).toContain(proc.pid);
    proc.terminate();
    const exit = await proc.exited;
    expect(exit.terminated).toBe(true);
    expect(exit.code).not.toBe(0);
    expect(isAlive(proc.pid!)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('escalates to SIGKILL when SIGTERM is not acted on', async () => {
    // A stand-in for an ffmpeg stuck where it cannot act on SIGTERM: it ignores the signal outright.
    const stubborn = path.join(dir, 'stubborn-ffmpeg');
    writeFileSync(stubborn, "#!/bin/sh\ntrap '' TERM\necho ready\nexec sleep 60\n", { mode: 0o755 });
    const proc = spawnFfmpeg('ffmpeg', [], {}, stubborn);
    // Signal only once the trap is in place.
    await new Promise((r) => proc.stdout!.once('data', r));
    proc.terminate();
    const exit = await proc.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.terminated).toBe(true);
  });

  it('an aborted signal terminates the process', async () => {
    const ac = new AbortController();
    const proc = spawnFfmpeg('ffmpeg', LONG, { stdout: 'ignore', signal: ac.signal });
    // Aborting once ffmpeg is really at work (it has printed nothing: -loglevel error), not before it starts.
    setTimeout(() => ac.abort(), 100);
    const exit = await proc.exited;
    expect(exit.terminated).toBe(true);
    expect(await waitFor(() => !isAlive(proc.pid!), DEATH_MS)).toBe(true);
  });

  it('a timeout terminates the process and is reported as such', async () => {
    const exit: FfmpegExit = await spawnFfmpeg('ffmpeg', LONG, { stdout: 'ignore', timeoutMs: 200 }).exited;
    expect(exit).toMatchObject({ terminated: true, timedOut: true });
  });

  it('keeps a bounded tail of stderr and passes every line on', async () => {
    const lines: string[] = [];
    const proc = spawnFfmpeg('ffmpeg', ['-hide_banner', '-nostdin', '-i', path.join(dir, 'missing.mp4')], {
      tailLines: 1,
      onStderrLine: (l) => lines.push(l),
    });
    const exit = await proc.exited;
    expect(exit.code).not.toBe(0);
    expect(proc.stderrTail()).toEqual([lines.filter((l) => l.trim() !== '').at(-1)]);
    expect(proc.stderrTail()[0]).toMatch(/No such file/);
  });

  it('with stderrOnDemand, passes stderr on when read, and all of it by the exit, from a pipe gone from the disk at once', async () => {
    const lines: string[] = [];
    const proc = await withTmpdir(path.join(dir, 'tmp'), () =>
      spawnFfmpeg('ffmpeg', ['-hide_banner', '-nostdin', '-re', '-i', clip, '-vf', 'showinfo', '-f', 'null', '-'], {
        stdout: 'ignore',
        stderrOnDemand: true,
        onStderrLine: (l) => lines.push(l),
      }),
    );
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    proc.readStderr();
    expect(lines.filter((l) => /showinfo.*\bn: *\d+/.test(l)).length).toBeGreaterThan(0);
    expect((await proc.exited).code).toBe(0);
    expect(lines.filter((l) => /showinfo.*\bn: *\d+/.test(l)).length).toBe(50);
    expect(proc.stderrTail().length).toBeGreaterThan(0);
  });

  it('with stderrOnDemand and no usable temporary folder, stderr is a plain pipe', async () => {
    const lines: string[] = [];
    const proc = await withTmpdir(path.join(dir, 'tmp'), () => {
      rmSync(path.join(dir, 'tmp'), { recursive: true });
      return spawnFfmpeg('ffmpeg', ['-hide_banner', '-nostdin', '-i', clip, '-vf', 'showinfo', '-f', 'null', '-'], {
        stdout: 'ignore',
        stderrOnDemand: true,
        onStderrLine: (l) => lines.push(l),
      });
    });
    expect((await proc.exited).code).toBe(0);
    expect(lines.filter((l) => /showinfo.*\bn: *\d+/.test(l)).length).toBe(50);
  });

  it('with stderrOnDemand, a process that writes far more than a pipe holds to stderr and nothing else still runs to its end', async () => {
    let bytes = 0;
    // The lines of 3000 frames: several times the 64 KB a pipe holds, and no one calls readStderr().
    const proc = spawnFfmpeg('ffmpeg', ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=32x18:rate=100:duration=30', '-vf', 'showinfo', '-f', 'null', '-'], {
      stdout: 'ignore',
      stderrOnDemand: true,
      onStderrLine: (l) => (bytes += l.length + 1),
    });
    expect((await proc.exited).code).toBe(0);
    expect(bytes).toBeGreaterThan(4 * 64 * 1024);
  });

  it('a binary that cannot start is an exit with spawnError, not a throw', async () => {
    const exit = await spawnFfmpeg('ffmpeg', ['-version'], {}, path.join(dir, 'no-such-ffmpeg')).exited;
    expect(exit.spawnError).toBeInstanceOf(Error);
  });

  it.skipIf(process.platform !== 'linux')('a child may not dump core: a crash of it leaves no core file in the folder it ran in', async () => {
    const proc = spawnFfmpeg('ffmpeg', LONG, { stdout: 'ignore' });
    // The wrappers execute ffmpeg in place: the same pid, once it runs ffmpeg itself.
    const argv0 = (): string => readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0')[0];
    expect(await waitFor(() => path.basename(argv0()) === 'ffmpeg', DEATH_MS)).toBe(true);
    expect(readFileSync(`/proc/${proc.pid}/limits`, 'utf8')).toMatch(/^Max core file size\s+0\s+0\s/m);
    proc.terminate();
    await proc.exited;
  });

  it('a child still running when the Node process exits is killed', async () => {
    const script = path.join(dir, 'leave-running.ts');
    const owner = pathToFileURL(path.join(ROOT, 'src/ffmpeg/ffmpegProcess.ts')).href;
    writeFileSync(
      script,
      [
        `import { spawnFfmpeg } from ${JSON.stringify(owner)};`,
        `const proc = spawnFfmpeg('ffmpeg', ${JSON.stringify(LONG)}, { stdout: 'ignore' });`,
        'console.log(proc.pid);',
        // Exit with the child running: no terminate(), no unsubscribe.
        'setTimeout(() => process.exit(0), 300);',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // Without the exit hook this ffmpeg would run on, orphaned, for its whole minute.
    const died = await waitFor(() => !isAlive(pid), DEATH_MS);
    if (!died) process.kill(pid, 'SIGKILL'); // leave nothing behind, even when failing
    expect(died).toBe(true);
  });
});

describe('decodeFrames under the kill policy', () => {
  const endless = 'testsrc2=size=64x48:rate=25';
  const lavfi = ['-f', 'lavfi'];

  it('unsubscribing while the consumer holds the flow paused still ends ffmpeg', async () => {
    const flow = new FlowControl();
    let pid = 0;
    const frames = await new Promise<number>((resolve) => {
      let n = 0;
      const sub = decodeFrames(endless, { width: 64, height: 48, inputArgs: lavfi, flow, onStart: (p) => (pid = p) }).subscribe((f) => {
        n = f.index + 1;
        if (n === 3) {
          flow.pause(); // ffmpeg fills the pipe and blocks writing
          setTimeout(() => {
            sub.unsubscribe();
            resolve(n);
          }, 200);
        }
      });
    });
    expect(frames).toBeGreaterThanOrEqual(3);
    expect(pid).toBeGreaterThan(0);
    expect(await waitFor(() => !isAlive(pid), DEATH_MS)).toBe(true);
  });

  it('an error downstream ends ffmpeg', async () => {
    let pid = 0;
    const err = await rejection(
      lastValueFrom(
        decodeFrames(endless, { width: 8, height: 6, inputArgs: lavfi, onStart: (p) => (pid = p) }).pipe(
          map((f) => {
            if (f.index === 2) throw new Error('consumer failed');
            return f;
          }),
          toArray(),
        ),
      ),
    );
    expect((err as Error).message).toBe('consumer failed');
    expect(await waitFor(() => !isAlive(pid), DEATH_MS)).toBe(true);
  });

  it('an error of the input Readable ends ffmpeg with a DecodeError naming it', async () => {
    let pid = 0;
    // Some real container bytes, then the stream fails (a dropped upload, say).
    const head = readFileSync(clip).subarray(0, 2000);
    const input = new Readable({ read() {} });
    input.push(head);
    const run = lastValueFrom(decodeFrames(input, { width: 8, height: 6, onStart: (p) => (pid = p) }).pipe(toArray()));
    setTimeout(() => input.destroy(new Error('connection reset')), 200);
    const err = await rejection(run);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).message).toMatch(/Input stream error: connection reset/);
    expect(await waitFor(() => !isAlive(pid), DEATH_MS)).toBe(true);
  });
});

describe('ffmpegFailure', () => {
  const exit: FfmpegExit = { code: 1, signal: null, spawnError: null, terminated: false, timedOut: false };
  const base = { tool: 'ffmpeg' as const, input: 'a.mp4', ffmpegInput: 'file:a.mp4', task: 'decoding a.mp4', exit, framesSeen: 0, device: false };

  it('names unusable inputs as input errors and keeps the stderr tail on decode errors', () => {
    expect(ffmpegFailure({ ...base, tail: ['Stream map 0:v:0 matches no streams.'] })).toMatchObject({ code: 'E_NO_VIDEO_STREAM' });
    const invalid = ffmpegFailure({ ...base, tail: ['file:a.mp4: Invalid data found when processing input'] });
    expect(invalid).toBeInstanceOf(InputError);
    expect(invalid.message).toBe('a.mp4 is not a readable video: Invalid data found when processing input');
    // After good frames the same words mean a decode failure, not a bad input.
    const mid = ffmpegFailure({ ...base, framesSeen: 10, tail: ['Invalid data found when processing input'] });
    expect(mid).toBeInstanceOf(DecodeError);
    expect(mid.message).toBe('ffmpeg exited with code 1 while decoding a.mp4: Invalid data found when processing input');
    const device = ffmpegFailure({ ...base, device: true, exit: { ...exit, code: null, signal: 'SIGKILL' }, tail: ['  indented detail'] });
    expect(device).toMatchObject({ code: 'E_DEVICE', stderrTail: '  indented detail' });
    expect(device.message).toMatch(/was killed by SIGKILL/);
  });

  it('maps ffprobe failures to missing or invalid inputs', () => {
    const probe = { ...base, tool: 'ffprobe' as const };
    expect(ffmpegFailure({ ...probe, tail: ['tcp://h:1: Connection refused'], input: 'tcp://h:1', ffmpegInput: 'tcp://h:1' })).toMatchObject({
      code: 'E_INPUT_MISSING',
      message: 'cannot open tcp://h:1: Connection refused',
    });
    expect(ffmpegFailure({ ...probe, tail: ['[mov] moov atom not found', 'file:a.mp4: Invalid data found when processing input'] }).message).toBe(
      'a.mp4 is not a readable video: not a complete MP4/MOV file (moov atom not found)',
    );
  });
});
