/**
 * Runs a program other than ffmpeg (the CLI under test, apt-get, dpkg-deb) for the benchmark. It goes through the
 * process owner in src/ffmpeg/, the one place child processes start, which takes any binary: its kill policy and
 * its SIGKILL at exit cover these children too, so an interrupted bench leaves nothing running.
 */
import { runFfmpeg, type FfmpegRun } from '../src/ffmpeg/runFfmpeg.js';
import { spawnFfmpeg, type FfmpegProcess } from '../src/ffmpeg/ffmpegProcess.js';

/** Runs `binary args` to its end; never rejects for the program's own failure (read `exit`). */
export function runProgram(binary: string, args: string[]): Promise<FfmpegRun> {
  return runFfmpeg('ffmpeg', args, { tailLines: 50 }, binary);
}

/** Starts `binary args` with stdout discarded (the caller samples it while it runs). */
export function startProgram(binary: string, args: string[]): FfmpegProcess {
  return spawnFfmpeg('ffmpeg', args, { stdout: 'ignore', tailLines: 50 }, binary);
}

/** Throws with the end of stderr unless the run exited 0. */
export function requireSuccess(what: string, run: FfmpegRun): void {
  if (run.exit.code !== 0) {
    const how = run.exit.spawnError?.message ?? `exit ${run.exit.code ?? run.exit.signal}`;
    throw new Error(`${what} failed (${how}): ${run.stderrTail.slice(-5).join('\n')}`);
  }
}
