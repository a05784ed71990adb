import { spawnSync } from 'node:child_process';

export interface SyncRun {
  stdout: string;
  /** Why the run failed (could not start, timed out, non-zero exit), or null when it succeeded. */
  failure: string | null;
}

/**
 * Runs an ffmpeg/ffprobe binary to completion, synchronously: for the short capability queries
 * (`-version`, `-encoders`, `-h filter=...`) that must answer before anything else can start. The caller
 * is blocked meanwhile, so such a child cannot outlive it; a stuck one gets SIGKILL after `timeoutMs`.
 */
export function runFfmpegSync(binary: string, args: string[], opts: { timeoutMs?: number; maxBuffer?: number } = {}): SyncRun {
  const r = spawnSync(binary, args, {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 10_000,
    killSignal: 'SIGKILL',
    maxBuffer: opts.maxBuffer ?? 8 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const stdout = r.stdout ?? '';
  if (r.error) return { stdout, failure: r.error.message.split('\n')[0] };
  if (r.signal) return { stdout, failure: `killed by ${r.signal}` };
  if (r.status !== 0) {
    const last = (r.stderr ?? '').trim().split(/\r?\n/).at(-1);
    return { stdout, failure: `exit code ${r.status}${last ? `: ${last}` : ''}` };
  }
  return { stdout, failure: null };
}
