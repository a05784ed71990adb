/**
 * `framewise label FOLDER --jobs N` on a folder of clips cut from the real footage: how fast each N labels the whole
 * folder on this machine, N = 1 … cores + 1 (at most 8), in alternating rounds, medians. DEFAULT_JOBS
 * (pipelines/defaultJobs.ts) follows what this shows on the development machine.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { framesOf } from './framesOf.js';
import { measureProcess, type ProcessUsage } from './measureProcess.js';
import { median } from './median.js';

export interface ClipSet {
  name: string;
  /** The file the clips are cut from; how many, of how many seconds each. */
  file: string;
  clips: number;
  seconds: number;
}

export interface SeveralFilesRow {
  set: string;
  clips: number;
  frames: number;
  jobs: number;
  /** Medians over the rounds. */
  wallMs: number;
  framesPerSecond: number;
  /** Everything the run took: Node and its ffmpeg children. */
  totalCpuMs: number;
}

/** The set's clips, cut once per source file (by stream copy: each keeps the packets from the keyframe before it). */
async function clipFolder(set: ClipSet, cacheDir: string): Promise<string> {
  const folder = join(cacheDir, 'several', `${basename(set.file, extname(set.file))}-${statSync(set.file).size}-${set.clips}x${set.seconds}s`);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < set.clips; i++) {
    const clip = join(folder, `clip${String(i).padStart(2, '0')}.mp4`);
    if (existsSync(clip)) continue;
    const { exit, stderrTail } = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-ss', String(i * set.seconds), '-t', String(set.seconds), '-i', set.file, '-map', '0:v:0', '-c', 'copy', clip]);
    if (exit.code !== 0) throw new Error(`could not cut ${clip} from ${set.file}: ${stderrTail.slice(-3).join(' ')}`);
  }
  return folder;
}

/** Frames labelled in a folder of segments documents; throws if one is missing or incomplete. */
function framesIn(outDir: string, clips: number): number {
  const docs = readdirSync(outDir).filter((f) => f.endsWith('.json'));
  if (docs.length !== clips) throw new Error(`${docs.length} outputs for ${clips} clips in ${outDir}`);
  return docs.reduce((sum, d) => sum + framesOf(join(outDir, d)), 0);
}

export async function benchSeveralFiles(
  sets: readonly ClipSet[],
  opts: { cli: string; modelPath: string; runs: number; cores: number; cacheDir: string },
): Promise<SeveralFilesRow[]> {
  const rows: SeveralFilesRow[] = [];
  // One past the cores (at most 8): enough to see where more jobs stop paying.
  const jobsTried = Array.from({ length: Math.min(opts.cores + 1, 8) }, (_, i) => i + 1);
  for (const set of sets) {
    const folder = await clipFolder(set, opts.cacheDir);
    const runs = new Map<number, ProcessUsage[]>(jobsTried.map((j) => [j, []]));
    let frames = 0;
    for (let round = 0; round < opts.runs; round++) {
      for (const jobs of jobsTried) {
        const out = mkdtempSync(join(tmpdir(), 'framewise-bench-several-'));
        try {
          const u = await measureProcess(process.execPath, [opts.cli, 'label', folder, '-m', opts.modelPath, '-f', 'segments', '--out-dir', out, '--jobs', String(jobs), '--no-progress']);
          if (u.exitCode !== 0) throw new Error(`framewise label ${folder} --jobs ${jobs} failed: ${u.stderrTail.slice(-3).join(' ')}`);
          const labelled = framesIn(out, set.clips);
          if (frames !== 0 && labelled !== frames) throw new Error(`${folder}: ${labelled} frames with --jobs ${jobs}, ${frames} before`);
          frames = labelled;
          runs.get(jobs)!.push(u);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }
    }
    for (const jobs of jobsTried) {
      const us = runs.get(jobs)!;
      const wallMs = median(us.map((u) => u.wallMs));
      rows.push({ set: set.name, clips: set.clips, frames, jobs, wallMs, framesPerSecond: frames / (wallMs / 1000), totalCpuMs: median(us.map((u) => u.totalCpuMs)) });
    }
  }
  return rows;
}
