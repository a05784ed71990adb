import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '../src/errors.js';
import { doctorReport } from '../src/decode/doctor.js';
import { resolveFfmpeg, type PackageCandidates } from '../src/decode/ffmpegPath.js';
import { tempDir } from './helpers/ffmpeg.js';

const NONE: PackageCandidates = { ffmpegStatic: null, ffmpegInstaller: null, ffprobeInstaller: null };
let dir: string;

/** A fake tool: a shell script printing `<tool> version <version>` like the real -version. */
function fake(sub: string, tool: string, version: string, executable = true, prints = tool): string {
  const d = path.join(dir, sub);
  mkdirSync(d, { recursive: true });
  const file = path.join(d, tool);
  writeFileSync(file, `#!/bin/sh\necho "${prints} version ${version} Copyright (c) fake"\n`);
  chmodSync(file, executable ? 0o755 : 0o644);
  return file;
}

function expectNotFound(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe('E_FFMPEG_NOT_FOUND');
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected E_FFMPEG_NOT_FOUND');
}

describe.skipIf(process.platform === 'win32')('resolveFfmpeg fallback order', () => {
  beforeAll(() => {
    dir = tempDir('ffpath');
  });

  it('prefers the env vars', () => {
    const env = { FRAMEWISE_FFMPEG: fake('env', 'ffmpeg', '9.1-env'), FRAMEWISE_FFPROBE: fake('env', 'ffprobe', '9.2-env'), PATH: '' };
    const pkgs = { ffmpegStatic: fake('static', 'ffmpeg', '8-static'), ffmpegInstaller: null, ffprobeInstaller: null };
    const r = resolveFfmpeg(env, pkgs);
    expect(r.ffmpeg).toEqual({ path: env.FRAMEWISE_FFMPEG, source: 'env', version: '9.1-env' });
    expect(r.ffprobe).toEqual({ path: env.FRAMEWISE_FFPROBE, source: 'env', version: '9.2-env' });
  });

  it('rejects (does not skip) an env var naming a missing, non-runnable or wrong binary', () => {
    const pkgs = { ...NONE, ffmpegInstaller: fake('inst', 'ffmpeg', '7-inst'), ffprobeInstaller: fake('inst', 'ffprobe', '7-inst') };
    expectNotFound(() => resolveFfmpeg({ FRAMEWISE_FFMPEG: path.join(dir, 'nope', 'ffmpeg') }, pkgs), /FRAMEWISE_FFMPEG=.*does not exist/);
    expectNotFound(() => resolveFfmpeg({ FRAMEWISE_FFMPEG: fake('noexec', 'ffmpeg', '1', false) }, pkgs), /FRAMEWISE_FFMPEG=.*does not run/);
    // An ffmpeg where ffprobe was asked for.
    expectNotFound(() => resolveFfmpeg({ FRAMEWISE_FFPROBE: fake('wrong', 'ffprobe', '1', true, 'ffmpeg') }, pkgs), /FRAMEWISE_FFPROBE=.*does not report "ffprobe version"/);
    expectNotFound(() => resolveFfmpeg({ FRAMEWISE_FFMPEG: dir }, pkgs), /not a file/);
  });

  it('takes ffmpeg-static before @ffmpeg-installer, and skips ffmpeg-static when its binary is absent', () => {
    const inst = fake('inst', 'ffmpeg', '7-inst');
    const probe = fake('inst', 'ffprobe', '7-inst');
    const withStatic = resolveFfmpeg({ PATH: '' }, { ffmpegStatic: fake('static', 'ffmpeg', '8-static'), ffmpegInstaller: inst, ffprobeInstaller: probe });
    expect(withStatic.ffmpeg.source).toBe('ffmpeg-static');
    expect(withStatic.ffprobe).toEqual({ path: probe, source: '@ffprobe-installer', version: '7-inst' });
    // ffmpeg-static exports its path even when the download never happened.
    const missingStatic = resolveFfmpeg({ PATH: '' }, { ffmpegStatic: path.join(dir, 'never-downloaded', 'ffmpeg'), ffmpegInstaller: inst, ffprobeInstaller: probe });
    expect(missingStatic.ffmpeg).toEqual({ path: inst, source: '@ffmpeg-installer', version: '7-inst' });
  });

  it('falls back to PATH, skipping PATH entries whose file does not run', () => {
    const bad = fake('path-bad', 'ffmpeg', '0', false);
    const good = fake('path-good', 'ffmpeg', '6-path');
    fake('path-good', 'ffprobe', '6-path');
    const env = { PATH: [path.dirname(bad), path.join(dir, 'missing-dir'), path.dirname(good)].join(path.delimiter) };
    const r = resolveFfmpeg(env, { ...NONE, ffmpegStatic: path.join(dir, 'never-downloaded', 'ffmpeg') });
    expect(r.ffmpeg).toEqual({ path: good, source: 'PATH', version: '6-path' });
    expect(r.ffprobe.source).toBe('PATH');
  });

  it('names every option when nothing is found', () => {
    expectNotFound(() => resolveFfmpeg({ PATH: path.join(dir, 'empty') }, NONE), /FRAMEWISE_FFMPEG.*ffmpeg-static.*@ffmpeg-installer\/ffmpeg.*PATH/);
    const onlyFfmpeg = { ...NONE, ffmpegInstaller: fake('inst', 'ffmpeg', '7-inst') };
    expectNotFound(() => resolveFfmpeg({ PATH: '' }, onlyFfmpeg), /ffprobe not found.*FRAMEWISE_FFPROBE.*@ffprobe-installer\/ffprobe/);
    expect(doctorReport({ PATH: '' }, NONE)).toMatch(/NOT FOUND/);
  });

  it('caches per env values', () => {
    const env = { FRAMEWISE_FFMPEG: fake('c', 'ffmpeg', '1'), FRAMEWISE_FFPROBE: fake('c', 'ffprobe', '1') };
    expect(resolveFfmpeg({ ...env }, NONE)).toBe(resolveFfmpeg({ ...env }, NONE));
    const other = { FRAMEWISE_FFMPEG: fake('d', 'ffmpeg', '2'), FRAMEWISE_FFPROBE: env.FRAMEWISE_FFPROBE };
    expect(resolveFfmpeg(other, NONE).ffmpeg.version).toBe('2');
  });
});

describe('the real installation', () => {
  it('finds a working ffmpeg and ffprobe, and doctor reports them with libx264', () => {
    const env = { ...process.env };
    delete env.FRAMEWISE_FFMPEG;
    delete env.FRAMEWISE_FFPROBE;
    const r = resolveFfmpeg(env);
    expect(r.ffmpeg.path).toBeTruthy();
    expect(r.ffprobe.path).toBeTruthy();
    const report = doctorReport(env);
    expect(report).toContain(r.ffmpeg.path);
    expect(report).toContain(`version ${r.ffprobe.version}`);
    expect(report).toMatch(/libx264: yes/);
  });
});
