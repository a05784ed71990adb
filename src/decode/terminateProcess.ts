import type { ChildProcess } from 'node:child_process';

/** Ends a child process: SIGTERM (ffmpeg exits cleanly on it), then SIGKILL if it is still there after `graceMs`. */
export function terminateProcess(proc: ChildProcess, graceMs = 1000): void {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  // Timer is cleared on exit, so it never keeps Node alive longer than the child itself.
  const timer = setTimeout(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }, graceMs);
  proc.once('exit', () => clearTimeout(timer));
  proc.kill('SIGTERM');
}
