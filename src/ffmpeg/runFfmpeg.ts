import { spawnFfmpeg, type FfmpegExit, type FfmpegTool, type SpawnFfmpegOptions } from './ffmpegProcess.js';

export interface FfmpegRun {
  /** Everything the process wrote on stdout, as UTF-8. */
  stdout: string;
  exit: FfmpegExit;
  stderrTail: string[];
}

/**
 * Runs ffmpeg/ffprobe to completion through the process owner and collects its stdout (ffprobe's JSON,
 * a listing). Never rejects for the process's own failure: the caller reads `exit` and the stderr tail.
 */
export async function runFfmpeg(
  tool: FfmpegTool,
  args: string[],
  opts: Omit<SpawnFfmpegOptions, 'stdin' | 'stdout'> = {},
  binary?: string,
): Promise<FfmpegRun> {
  const proc = spawnFfmpeg(tool, args, { ...opts, stdout: 'pipe' }, binary);
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  const exit = await proc.exited;
  return { stdout: Buffer.concat(chunks).toString('utf8'), exit, stderrTail: proc.stderrTail() };
}
