import type { ChildProcess } from 'node:child_process';

/**
 * Every ffmpeg/ffprobe child still running. When this Node process exits, each gets SIGKILL at once:
 * 'exit' handlers must be synchronous, and a child that outlives us would keep decoding (or holding a
 * camera) with nobody reading its output.
 */
const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const proc of live) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Adds a spawned child to the registry until it exits. */
export function trackChild(proc: ChildProcess): void {
  if (proc.pid === undefined) return; // never started: nothing to kill
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
}

/** Pids of the registered children that are still running (for tests and diagnostics). */
export function liveChildPids(): number[] {
  return [...live].map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
}
