/**
 * Outputs never destroy inputs or things that are not files (issue: hostile input, item 7), a full disk is one line,
 * and a killed run leaves no temporary file and no ffmpeg behind (items 5 and 7).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { linkSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import { CLI, runCli } from './helpers/cli.js';
import { makeVideo, tempDir, waitFor } from './helpers/ffmpeg.js';
import { processesMentioning } from './helpers/processes.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let clip: string;
let model: string;

beforeAll(async () => {
  dir = tempDir('hostile-outputs');
  clip = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=0.6']);
  model = join(dir, 'model.safetensors');
  await saveModel(model, randomModel());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('an output is never one of the inputs', () => {
  it.each([
    ['-o the input', () => ['-o', clip]],
    ['-f segments -o the input', () => ['-f', 'segments', '-o', clip]],
    ['-f jsonl -o a symbolic link to the input', () => { const l = join(dir, 'link.jsonl'); rmSync(l, { force: true }); symlinkSync(clip, l); return ['-f', 'jsonl', '-o', l]; }],
    ['-f csv -o a hard link to the input', () => { const l = join(dir, 'hard.csv'); rmSync(l, { force: true }); linkSync(clip, l); return ['-f', 'csv', '-o', l]; }],
    ['-o the model file', () => ['-f', 'jsonl', '-o', model]],
  ])('label %s: exit 2, the input untouched', async (_what, args) => {
    const before = [hash(clip), hash(model)];
    const r = await runCli(['label', clip, '-m', model, ...args()], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^framewise: output file .* is the input .*: refusing to overwrite it\n$/);
    expect([hash(clip), hash(model)]).toEqual(before);
  });

  it('report --out the input: exit 2, the input untouched', async () => {
    const before = hash(clip);
    const r = await runCli(['report', clip, '-m', model, '--out', join(dir, '.', 'clip.mp4')], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/is the input/);
    expect(hash(clip)).toBe(before);
  });
});

describe('what is not a regular file is never replaced', () => {
  it('a streamed format writes through a device: /dev/full is a one-line "no space" error and stays a device', async () => {
    const r = await runCli(['label', clip, '-m', model, '-f', 'jsonl', '-o', '/dev/full'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^framewise: cannot write output file \/dev\/full: .*no space left/i);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('segments (temporary file, then rename) refuse a device node and a FIFO, which stay what they were', async () => {
    const device = join(dir, 'full');
    const fifo = join(dir, 'fifo.json');
    // A device node of our own (root can make one), so that old code replacing it harms nothing outside the test.
    const made = spawnSync('mknod', [device, 'c', '1', '7']).status === 0;
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const [target, kind] of [...(made ? [[device, 'a device'] as const] : []), [fifo, 'a FIFO'] as const]) {
      const r = await runCli(['label', clip, '-m', model, '-f', 'segments', '-o', target], { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`is ${kind}: a whole-file output replaces only a regular file`);
    }
    if (made) expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('segments to a symbolic link replace the file it points to and keep the link', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'pointer.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    const r = await runCli(['label', clip, '-m', model, '-f', 'segments', '-o', link], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).segments.length).toBeGreaterThan(0);
  });
});

describe('a killed run leaves nothing behind', () => {
  it('SIGKILL mid-run: its ffmpeg dies within seconds and no temporary file is left; stale ones are removed next run', async () => {
    const work = tempDir('killed-run');
    try {
      const long = makeVideo(join(work, 'long.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=60'], ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
      const out = join(work, 'out.json');
      const child = spawn(process.execPath, [CLI, 'label', long, '-m', model, '-f', 'segments', '-o', out], { stdio: 'ignore' });
      const closed = new Promise((resolve) => child.on('close', resolve));
      // Once its decoder runs, kill framewise outright (no handler, no exit hook runs).
      expect(await waitFor(() => processesMentioning(long, 'rawvideo').length > 0, 30_000)).toBe(true);
      child.kill('SIGKILL');
      await closed;
      expect(await waitFor(() => processesMentioning(long).length === 0, 5000)).toBe(true);
      expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);

      // A run killed while writing its document leaves a hidden temporary file named with its pid: the next run on
      // the same output removes it once that process is gone.
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const stale = join(work, `.out.json.${dead}.k3j2.tmp`);
      writeFileSync(stale, '{');
      const r = await runCli(['label', clip, '-m', model, '-f', 'segments', '-o', out], { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
