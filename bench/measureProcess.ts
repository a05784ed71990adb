/**
 * Wall time, CPU time and peak memory of one program run (ffmpeg alone, or the framewise CLI with its ffmpeg child),
 * read from Linux's /proc.
 *
 * Method and its error:
 *   - Total CPU (the program and every descendant) is exact to the clock tick (10 ms): the growth of this process's
 *     cutime + cstime (/proc/self/stat), to which the kernel adds a child's CPU, and that of the children it reaped
 *     (framewise's ffmpeg and ffprobe), when we reap it. Nothing else is reaped by the bench during a run.
 *   - The program's own CPU (node's, for the CLI) is sampled every SAMPLE_MS from /proc/<pid>/stat (utime + stime);
 *     the last sample is taken at most SAMPLE_MS before it exits, so it misses at most SAMPLE_MS of one core's CPU
 *     (20 ms, 0.003 ms per frame over a 6000-frame file). Its children's CPU (ffmpeg + ffprobe) is total − own, and
 *     carries that error the other way.
 *   - Peak RSS per process is its VmHWM (/proc/<pid>/status, a high-water mark) at its last sample: a lower bound
 *     that misses only a peak reached in the last SAMPLE_MS.
 * The sampling costs the bench process some CPU on a 2-core machine, the same for both sides.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { startProgram } from './runProgram.js';

const SAMPLE_MS = 20;
/** USER_HZ: the unit of /proc times; 100 on every Linux architecture framewise runs on. */
const TICK_MS = 10;

export interface ProcessUsage {
  wallMs: number;
  exitCode: number | null;
  /** The program and all its descendants, exact to the tick. */
  totalCpuMs: number;
  /** The program's own CPU (sampled). */
  ownCpuMs: number;
  /** Its descendants' CPU: total − own. */
  childrenCpuMs: number;
  ownPeakRssMB: number;
  /** The largest peak RSS among its descendants (ffmpeg, for the CLI). */
  childPeakRssMB: number;
  /** Each descendant's command line (program and arguments), as last seen: what the CLI really ran. */
  childCommands: string[][];
  stderrTail: string[];
}

interface Stat {
  comm: string;
  cpuMs: number;
  childCpuMs: number;
}

function readStat(pid: number | 'self'): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of proc(5) (utime stime cutime cstime) are at 11–14 here (state is field 3, index 0).
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
  return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), cpuMs: (utime + stime) * TICK_MS, childCpuMs: (cutime + cstime) * TICK_MS };
}

function peakRssKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Direct children of `pid`, from every thread's children list. */
function commandOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) out.push(...list.split(' ').map(Number));
    }
  } catch {
    // exited meanwhile
  }
  return out;
}

/** Runs `binary args` to its end, sampling it and its descendants. */
export async function measureProcess(binary: string, args: string[]): Promise<ProcessUsage> {
  const before = readStat('self')!.childCpuMs;
  const t0 = performance.now();
  const proc = startProgram(binary, args);
  const pid = proc.pid;
  let ownCpuMs = 0;
  let ownPeakKb = 0;
  const childPeakKb = new Map<number, number>();
  const commands = new Map<number, string[]>();
  const sample = (): void => {
    if (pid === undefined) return;
    const s = readStat(pid);
    if (!s) return;
    ownCpuMs = s.cpuMs;
    ownPeakKb = Math.max(ownPeakKb, peakRssKb(pid));
    const stack = childrenOf(pid);
    while (stack.length > 0) {
      const c = stack.pop()!;
      // Read again each time: between fork and exec a child still shows its parent's command line.
      const command = commandOf(c);
      if (command.length > 0) commands.set(c, command);
      childPeakKb.set(c, Math.max(childPeakKb.get(c) ?? 0, peakRssKb(c)));
      stack.push(...childrenOf(c));
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const exit = await proc.exited;
  clearInterval(timer);
  const wallMs = performance.now() - t0;
  const totalCpuMs = readStat('self')!.childCpuMs - before;
  const MB = 1024;
  return {
    wallMs,
    exitCode: exit.code,
    totalCpuMs,
    ownCpuMs,
    childrenCpuMs: Math.max(0, totalCpuMs - ownCpuMs),
    ownPeakRssMB: ownPeakKb / MB,
    childPeakRssMB: Math.max(0, ...childPeakKb.values()) / MB,
    childCommands: [...commands.values()].filter((c) => c.length > 0),
    stderrTail: proc.stderrTail(),
  };
}
