/**
 * Decode throughput: ffmpeg alone (decode + area scale to the analysis size and the extractor's pixel format,
 * discarded with `-f null`)
 * against decodeFrames delivering every frame to a JS consumer. The gap is framewise's own overhead:
 * rawvideo over the pipe, frame splitting, showinfo timestamps.
 *
 *   npx tsx bench/decode.ts [file] [width] [height]     (no file: a generated 10 s 1280x720 clip)
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, reduce } from 'rxjs';
import { decodeFrames } from '../src/decode/decodeFrames.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';

/** Runs ffmpeg to completion; returns the end of its stderr (progress lines and the -benchmark report). */
async function run(args: string[]): Promise<string> {
  const { exit, stderrTail } = await runFfmpeg('ffmpeg', args, { tailLines: 200 });
  if (exit.code !== 0) throw new Error(`ffmpeg exited ${exit.code ?? exit.signal ?? exit.spawnError?.message}: ${stderrTail.slice(-5).join('\n')}`);
  return stderrTail.join('\n');
}

export interface DecodeBench {
  ffmpegOnlyFps: number;
  /** CPU time (user + system, all of ffmpeg's threads, from its own -benchmark report) per frame of ffmpeg alone. */
  ffmpegOnlyCpuMsPerFrame: number;
  decodeFramesFps: number;
}

export async function benchDecode(file: string, width: number, height: number): Promise<DecodeBench> {
  let t0 = performance.now();
  const stderr = await run([
    '-hide_banner', '-nostdin', '-benchmark', '-i', file,
    '-map', '0:v:0', '-an', '-vsync', 'passthrough',
    '-vf', `scale=${width}:${height}:flags=area,format=${FEATURE_PIXEL_FORMAT}`,
    '-f', 'null', '-',
  ]);
  const ffmpegSeconds = (performance.now() - t0) / 1000;
  // The last progress report holds the total frame count.
  const counted = [...stderr.matchAll(/frame=\s*(\d+)/g)].at(-1);
  const ffmpegFrames = counted ? Number(counted[1]) : 0;
  const cpu = /utime=([\d.]+)s\s+stime=([\d.]+)s/.exec(stderr);
  const ffmpegCpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;

  t0 = performance.now();
  const frames = await lastValueFrom(decodeFrames(file, { width, height, pixelFormat: FEATURE_PIXEL_FORMAT }).pipe(reduce((n) => n + 1, 0)));
  const decodeSeconds = (performance.now() - t0) / 1000;

  return {
    ffmpegOnlyFps: ffmpegFrames / ffmpegSeconds,
    ffmpegOnlyCpuMsPerFrame: (ffmpegCpuSeconds * 1000) / ffmpegFrames,
    decodeFramesFps: frames / decodeSeconds,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [arg, w = '64', h = '36'] = process.argv.slice(2);
  let file = arg;
  if (!file) {
    file = path.join(mkdtempSync(path.join(os.tmpdir(), 'framewise-bench-')), 'clip.mp4');
    await run([
      '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=10',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', file,
    ]);
  }
  const r = await benchDecode(file, Number(w), Number(h));
  console.log(`${path.basename(file)} → ${w}x${h}: ffmpeg alone ${r.ffmpegOnlyFps.toFixed(0)} fps, decodeFrames ${r.decodeFramesFps.toFixed(0)} fps`);
}
