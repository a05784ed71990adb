/**
 * What decoder options save, per file: ffmpeg alone doing framewise's decode and scale with each set of options
 * (alternating, medians), and `framewise label` with its default decode and with --fast-decode (FAST_DECODE_ARGS).
 * The labels' side of the question is `framewise eval` with and without --fast-decode (README, "Speed").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArgs, FAST_DECODE_ARGS } from '../src/decode/decodeArgs.js';
import { FEATURE_PIXEL_FORMAT } from '../src/features/featureSpec.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { measureProcess, type ProcessUsage } from './measureProcess.js';
import { median } from './median.js';
import { requireSuccess } from './runProgram.js';

/** Option sets measured with ffmpeg alone, each added to framewise's default argument list before `-i`. */
const OPTION_SETS: ReadonlyArray<{ name: string; args: readonly string[] }> = [
  { name: 'none (default)', args: [] },
  { name: '-skip_loop_filter all (--fast-decode)', args: FAST_DECODE_ARGS },
  { name: '-flags2 fast', args: ['-flags2', 'fast'] },
  { name: '-skip_loop_filter all -flags2 fast', args: [...FAST_DECODE_ARGS, '-flags2', 'fast'] },
  { name: '-threads 1', args: ['-threads', '1'] },
];

export interface DecoderOptionRow {
  file: string;
  options: string;
  /** ffmpeg alone: frames per second and CPU ms per frame (all threads). */
  ffmpegFps: number;
  ffmpegCpuMsPerFrame: number;
  /** `framewise label` with this decode (only for the default and --fast-decode). */
  framewiseFps: number | null;
}

/** The first `seconds` of `file` re-encoded to HEVC (libx265), made once into `dir`. */
export async function hevcCopy(file: string, dir: string, seconds: number): Promise<string> {
  const out = join(dir, `real1080-hevc-${seconds}s.mp4`);
  if (!existsSync(out)) {
    const run = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', file, '-t', String(seconds),
      '-c:v', 'libx265', '-preset', 'fast', '-x265-params', 'log-level=error', '-an', out]);
    requireSuccess(`making ${out}`, run);
  }
  return out;
}

export async function benchDecoderOptions(
  files: ReadonlyArray<{ name: string; file: string }>,
  opts: { ffmpegPath: string; cli: string; modelPath: string; width: number; height: number; runs: number },
): Promise<DecoderOptionRow[]> {
  const rows: DecoderOptionRow[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'framewise-bench-'));
  try {
    for (const { name, file } of files) {
      const plain = decodeArgs(file, { width: opts.width, height: opts.height, pixelFormat: FEATURE_PIXEL_FORMAT, ffmpegPath: opts.ffmpegPath });
      const at = plain.indexOf('-i');
      const alone = new Map<string, ProcessUsage[]>();
      const fw = new Map<string, ProcessUsage[]>();
      let frames = 0;
      const out = join(tmp, 'out.jsonl');
      for (let i = 0; i < opts.runs; i++) {
        for (const set of OPTION_SETS) {
          const u = await measureProcess(opts.ffmpegPath, [...plain.slice(0, at), ...set.args, ...plain.slice(at)]);
          if (u.exitCode !== 0) throw new Error(`ffmpeg ${set.name} failed on ${file}: ${u.stderrTail.slice(-2).join(' ')}`);
          alone.set(set.name, [...(alone.get(set.name) ?? []), u]);
        }
        for (const [set, extra] of [[OPTION_SETS[0].name, []], [OPTION_SETS[1].name, ['--fast-decode']]] as const) {
          const u = await measureProcess(process.execPath, [opts.cli, 'label', file, '-m', opts.modelPath, '-f', 'jsonl', '-o', out, '--no-progress', ...extra]);
          if (u.exitCode !== 0) throw new Error(`framewise label ${extra.join(' ')} failed on ${file}: ${u.stderrTail.slice(-2).join(' ')}`);
          fw.set(set, [...(fw.get(set) ?? []), u]);
        }
        // Every frame gives one JSONL line.
        frames = readFileSync(out, 'utf8').trim().split('\n').length;
      }
      for (const set of OPTION_SETS) {
        const a = alone.get(set.name) ?? [];
        const f = fw.get(set.name);
        rows.push({
          file: name,
          options: set.name,
          ffmpegFps: frames / (median(a.map((u) => u.wallMs)) / 1000),
          ffmpegCpuMsPerFrame: median(a.map((u) => u.totalCpuMs)) / frames,
          framewiseFps: f ? frames / (median(f.map((u) => u.wallMs)) / 1000) : null,
        });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
