/** framewise.config.json / --config: option values per command, CLI > config > defaults, bad files named by key. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import { runCli } from './helpers/cli.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

let dir: string;
let work: string;
let video: string;
let model: string;
const config = (value: unknown, file = join(work, 'framewise.config.json')): string => {
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

beforeAll(async () => {
  dir = tempDir('fw-config');
  work = join(dir, 'work');
  mkdirSync(work);
  video = makeVideo(join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25,trim=end_frame=20']);
  model = join(dir, 'still.safetensors');
  await saveModel(model, randomModel(1, 5, 4, ['still']));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('config file', () => {
  it('framewise.config.json in the working directory sets label options; the command line wins over it', async () => {
    config({ label: { format: 'csv', model, 'no-progress': true } });
    const fromConfig = await runCli(['label', video], { cwd: work, timeoutMs: 60_000 });
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    const explicit = await runCli(['label', video, '--model', model, '--format', 'csv', '--no-progress'], { timeoutMs: 60_000 });
    expect(fromConfig.stdout).toBe(explicit.stdout);
    expect(fromConfig.stdout.split('\n')[0]).toMatch(/^frame,time,label/);

    const cli = await runCli(['label', video, '--format', 'segments'], { cwd: work, timeoutMs: 60_000 });
    expect(cli.code, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as { segments: Array<{ label: string }> }).segments.map((s) => s.label)).toEqual(['still']);
  }, 120_000);

  it('--config PATH (before or after the command) replaces the working directory file; camelCase keys work', async () => {
    config({ label: { format: 'csv', model } });
    const other = config({ label: { format: 'vtt', model, minSceneLength: 0 } }, join(dir, 'other.json'));
    for (const args of [['--config', other, 'label', video], ['label', video, `--config=${other}`]]) {
      const r = await runCli(args, { cwd: work, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.startsWith('WEBVTT')).toBe(true);
    }
  }, 120_000);

  it('without a file, the defaults hold (JSONL)', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = await runCli(['label', video, '--model', model], { cwd: empty, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.split('\n')[0])).toMatchObject({ frame: 0, label: 'still' });
  }, 60_000);

  it.each([
    [{ label: { formats: 'csv' } }, /label\.formats: framewise label has no option --formats$/],
    [{ label: { format: 'mp3' } }, /label\.format: "mp3": expected one of jsonl, csv/],
    [{ label: { 'min-scene-length': -1 } }, /label\.min-scene-length: -1: expected a whole number ≥ 0\.$/],
    [{ label: { 'events-only': 'yes' } }, /label\.events-only: expected true or false$/],
    [{ label: { start: { at: 1 } } }, /label\.start: expected a string, a number, true\/false or a list of strings$/],
    [{ lable: {} }, /lable: not a framewise command/],
    [[1, 2], /\(top level\): expected an object with one object of options per command$/],
    ['{"label": ', /not valid JSON/],
  ])('a bad file is one line naming the key: %j', async (value, message) => {
    const file = config(value);
    const r = await runCli(['label', video], { cwd: work, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`framewise: config ${file}: `);
    expect(lines[0]).toMatch(message);
  });

  it('a --config file that does not exist is an error', async () => {
    const r = await runCli(['label', video, '--config', join(dir, 'missing.json')], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/missing\.json: cannot be read \(ENOENT\)$/);
  });
});
