import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerLive } from '../src/cli/live.js';
import { UsageError } from '../src/errors.js';
import { liveSourceFromOptions } from '../src/source/liveSourceFromOptions.js';
import { saveModel } from '../src/recurrent/modelFile.js';
import { tempDir } from './helpers/ffmpeg.js';
import { liveSenderArgs, randomModel, sleep, startFfmpeg } from './helpers/live.js';

describe('live source options → ffmpeg input, per platform', () => {
  it('maps --device to v4l2 on Linux, with capture options before the device', () => {
    expect(liveSourceFromOptions({ device: '0', videoSize: '640x480', framerate: 30 }, 'linux')).toEqual({
      input: '/dev/video0',
      inputArgs: ['-video_size', '640x480', '-framerate', '30', '-f', 'v4l2'],
    });
    expect(liveSourceFromOptions({ device: '/dev/video2' }, 'linux')).toEqual({ input: '/dev/video2', inputArgs: ['-f', 'v4l2'] });
  });

  it('maps --device to avfoundation on macOS and dshow on Windows', () => {
    expect(liveSourceFromOptions({ device: '0', framerate: 30 }, 'darwin')).toEqual({
      input: '0',
      inputArgs: ['-framerate', '30', '-f', 'avfoundation'],
    });
    expect(liveSourceFromOptions({ device: 'Integrated Camera' }, 'win32')).toEqual({
      input: 'video=Integrated Camera',
      inputArgs: ['-f', 'dshow'],
    });
  });

  it('maps --input URL / file / - (stdin) with --input-format and --re', () => {
    const stdin = new PassThrough();
    expect(liveSourceFromOptions({ input: 'rtsp://cam.local/s' }, 'linux', stdin)).toEqual({
      input: 'rtsp://cam.local/s',
      inputArgs: [],
      realtime: false,
    });
    expect(liveSourceFromOptions({ input: '-', inputFormat: 'mpegts' }, 'win32', stdin)).toEqual({
      input: stdin,
      inputArgs: ['-f', 'mpegts'],
      realtime: false,
    });
    expect(liveSourceFromOptions({ input: 'clip.mp4', re: true }, 'darwin', stdin).realtime).toBe(true);
  });

  it('refuses contradictory options with a UsageError', () => {
    const bad = [
      { device: '0', input: 'x.mp4' },
      { device: '0', re: true },
      { device: '0', inputFormat: 'mpegts' },
      { device: '0', videoSize: 'big' },
      { input: 'x.mp4', framerate: 30 },
      {},
    ];
    for (const opts of bad) expect(() => liveSourceFromOptions(opts, 'linux')).toThrow(UsageError);
    expect(() => liveSourceFromOptions({ device: '0' }, 'aix')).toThrow(UsageError);
  });

  it('the live command turns bad usage into UsageError / commander errors before doing anything', async () => {
    const program = (): Command => {
      const p = new Command('framewise').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
      registerLive(p);
      p.commands.forEach((c) => c.exitOverride());
      return p;
    };
    await expect(program().parseAsync(['live'], { from: 'user' })).rejects.toThrow(UsageError);
    await expect(program().parseAsync(['live', '--device', '0', '--input', 'a.mp4'], { from: 'user' })).rejects.toThrow(UsageError);
    await expect(program().parseAsync(['live', '--input', 'a.mp4', '--queue', '0'], { from: 'user' })).rejects.toThrow(CommanderError);
    await expect(program().parseAsync(['live', '--input', 'a.mp4', '-f', 'xml'], { from: 'user' })).rejects.toThrow(CommanderError);
  });
});

/** Runs `framewise live ARGS` in its own process (the live command alone, as src/cli/main.ts wires it). */
function runLive(args: string[], stdin: 'pipe' | 'ignore' = 'ignore') {
  const script = `
    import { Command } from 'commander';
    import { registerLive } from './src/cli/live.ts';
    import { FramewiseError, UsageError } from './src/errors.ts';
    const program = new Command('framewise').exitOverride();
    registerLive(program);
    try { await program.parseAsync(${JSON.stringify(args)}, { from: 'user' }); }
    catch (err) {
      process.stderr.write('framewise: ' + (err instanceof Error ? err.message : String(err)) + '\\n');
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return { proc, done, out: () => out, err: () => err };
}

/** Pids of live processes whose command line contains `marker` (to prove ffmpeg is gone). */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('framewise live (process)', () => {
  let modelPath: string;
  beforeAll(async () => {
    modelPath = path.join(tempDir('live-cli'), 'model.safetensors');
    await saveModel(modelPath, randomModel(1));
  });

  it('labels a stream on stdin: one flushed JSONL line per frame, a summary on stderr, exit 0', async () => {
    const run = runLive(['live', '--input', '-', '-m', modelPath], 'pipe');
    const sender = startFfmpeg(liveSenderArgs('640x360', 30, 45, ['-f', 'mpegts', 'pipe:1']));
    sender.proc.stdout!.pipe(run.proc.stdin!);
    expect(await run.done).toBe(0);
    const lines = run.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | string>);
    // Frames sent while node is still starting wait in the pipe and arrive as one burst, which the
    // keep-newest queue may thin out: every frame is either labelled or counted as dropped.
    const m = /framewise live: 45 frames, (\d+) labelled, (\d+) dropped; latency p50 [\d.]+ ms, p99 [\d.]+ ms/.exec(run.err());
    expect(m, run.err()).not.toBeNull();
    expect(lines.length).toBe(Number(m![1]));
    expect(Number(m![1]) + Number(m![2])).toBe(45);
    expect(lines[lines.length - 1].frame).toBe(44);
    for (let i = 1; i < lines.length; i++) expect(lines[i].frame as number).toBeGreaterThan(lines[i - 1].frame as number);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['frame', 'time', 'label', 'score', 'scores', 'decoded_at', 'emitted_at']);
      expect(l.emitted_at as number).toBeGreaterThanOrEqual(l.decoded_at as number);
      expect(Math.abs((l.decoded_at as number) - Date.now())).toBeLessThan(60_000); // Unix epoch ms
    }
  });

  it('on SIGINT stops ffmpeg, flushes the open segment, prints the summary and exits 0', async () => {
    if (process.platform !== 'linux') return;
    const marker = `duration=${3600 + Math.floor(Math.random() * 1000)}`;
    const run = runLive([
      'live', '--input-format', 'lavfi', '--input', `testsrc2=size=640x360:rate=30:${marker}`, '--re',
      '-f', 'segments', '-m', modelPath, '--serve', '0',
    ]);
    // Interrupt once frames flow, whatever the machine's load: the live page's /stats counts them.
    let frames = 0;
    while (frames < 30) {
      await sleep(200);
      const url = /page at (http:\S+)/.exec(run.err())?.[1];
      if (url) frames = ((await (await fetch(new URL('stats', url))).json()) as { frames: number } | null)?.frames ?? 0;
    }
    expect(processesWith(marker).length).toBeGreaterThan(0);
    run.proc.kill('SIGINT');
    expect(await run.done).toBe(0);
    const segs = run.out().trim().split('\n').map((l) => JSON.parse(l) as { label: string; start: number; end: number });
    expect(segs.length).toBeGreaterThan(0);
    expect(segs[0].start).toBe(0);
    for (let i = 1; i < segs.length; i++) expect(segs[i].start).toBe(segs[i - 1].end + 1);
    const m = /framewise live: (\d+) frames, (\d+) labelled, (\d+) dropped/.exec(run.err());
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(30);
    // The segments cover every frame up to the last labelled one (a frame dropped on a busy machine included).
    const last = segs[segs.length - 1].end + 1;
    expect(last).toBeGreaterThanOrEqual(Number(m![2]));
    expect(last).toBeLessThanOrEqual(Number(m![1]));
    for (let i = 0; i < 20 && processesWith(marker).length > 0; i++) await sleep(100);
    expect(processesWith(marker)).toEqual([]);
  });

  it('reports a bad model as one line with exit code 1', async () => {
    const run = runLive(['live', '--input', '-', '-m', path.join(tempDir('live-cli'), 'missing.safetensors')]);
    expect(await run.done).toBe(1);
    expect(run.err().trim().split('\n')).toHaveLength(1);
  });
});
