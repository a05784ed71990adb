/**
 * decodeArgs builds the argument list the benchmark runs as "ffmpeg alone"; it must be exactly the list decodeFrames
 * runs, or the benchmark compares framewise with some other decode. Each case runs the real decodeFrames and compares
 * the command line its ffmpeg was started with.
 */
import { copyFileSync, createReadStream, rmSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArgs, type DecodeArgsOptions } from '../src/decode/decodeArgs.js';
import { decodeFrames, type DecodeOptions } from '../src/decode/decodeFrames.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';

let dir: string;
let file: string;
let colon: string;

beforeAll(() => {
  dir = tempDir('decode-args');
  file = makeVideo(path.join(dir, 'a.mkv'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1']);
  // A colon in a relative name makes ffmpeg read a protocol: both lists must say file:.
  colon = path.join(dir, 'clip 12:30.mkv');
  copyFileSync(file, colon);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command line decodeFrames started ffmpeg with, after decoding a few frames. */
async function commandLineOf(input: Parameters<typeof decodeFrames>[0], opts: DecodeOptions): Promise<string> {
  let commandLine = '';
  await lastValueFrom(decodeFrames(input, { ...opts, onStart: (_pid, line) => (commandLine = line) }).pipe(take(3), toArray()));
  return commandLine;
}

const base = { width: 32, height: 18, pixelFormat: 'yuv420p' } as const satisfies DecodeArgsOptions;

describe('decodeArgs is the list decodeFrames runs', () => {
  const cases: Array<[string, () => string | null, DecodeArgsOptions]> = [
    ['a file, yuv420p', () => file, base],
    ['a file, rgb24, with start and duration', () => file, { ...base, pixelFormat: 'rgb24', start: 0.2, duration: 0.5 }],
    ['a name with a colon', () => colon, base],
    ['lavfi input options', () => 'testsrc2=size=64x48:rate=25:duration=1', { ...base, inputArgs: ['-f', 'lavfi'] }],
    ['read at the native rate', () => file, { ...base, realtime: true }],
  ];
  it.each(cases)('%s', async (_name, input, opts) => {
    const name = input();
    const line = await commandLineOf(name ?? createReadStream(file), { ...opts, inputArgs: opts.inputArgs ? [...opts.inputArgs] : undefined });
    expect(line).toBe(`ffmpeg ${decodeArgs(name, opts).join(' ')}`);
  });

  it('a stream on stdin', async () => {
    const line = await commandLineOf(createReadStream(file), base);
    expect(line).toBe(`ffmpeg ${decodeArgs(null, base).join(' ')}`);
  });

  it('another output replaces only the last argument', () => {
    const piped = decodeArgs(file, base);
    const discarded = decodeArgs(file, { ...base, output: '/dev/null' });
    expect(discarded.slice(0, -1)).toEqual(piped.slice(0, -1));
    expect([piped.at(-1), discarded.at(-1)]).toEqual(['pipe:1', '/dev/null']);
  });
});
